import DequeModule
import Foundation
import Logging
import Redaction
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A short-lived, redacted, on-disk record of the JSON-RPC frames behind each request.
///
/// One file per request, `<timestamp>-<trace id>.json` (the proxy's own id, never a client's),
/// in a 0700 directory, each file 0600, at most `PROXY_TRACE_MAX_BYTES`, written atomically (a
/// temporary file renamed into place). All file work runs on one dedicated thread
/// (``TraceWriterThread``), never on the request's task. Files are pruned by age and count
/// against an in-memory index on every write (no directory listing), and on a timer, which
/// rescans the directory and logs `trace_pruned` with what was removed since the last one. A
/// full disk or an unwritable directory logs one error (until a write succeeds again) and
/// never fails the request.
///
/// Traces are written in batches, at most one batch per `PROXY_TRACE_BATCH_MS`: a trace after
/// a quiet spell is written at once, one under load waits for the next batch. At most
/// `PROXY_TRACE_MAX_FILES` traces wait; a newer one displaces the oldest, which is counted as
/// pruned by count without being written (the file limit would have removed it before the
/// batch ended). So under load the disk sees the newest traces only, and the redaction and file
/// work of the rest is never done.
public final class TraceBuffer: Sendable {
    /// Why files were pruned.
    public enum PruneReason: String, Sendable, CaseIterable {
        case age, count
    }

    private struct State {
        var index = TraceIndex()
        var directoryReady = false
        var failing = false
        /// Removed since the last `trace_pruned` line.
        var unreported: [PruneReason: Int] = [:]
        /// Traces waiting for the next batch, oldest first; never more than the file limit.
        var queued: Deque<QueuedTrace> = []
        /// Whether a batch is submitted to the writer and has not started yet.
        var batchSubmitted = false
        /// When the last batch started; the next starts no earlier than one batch window later.
        var lastBatch: ContinuousClock.Instant?
    }

    private struct QueuedTrace {
        var recorder: TraceRecorder
        var timestamp: Date
    }

    let configuration: TraceBufferConfiguration
    private let redactor: Redactor
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let observer: TraceObserver
    private let state = Mutex(State())
    private let writer = TraceWriterThread()

    public init(
        configuration: TraceBufferConfiguration,
        redactor: Redactor,
        logger: Logger,
        observer: TraceObserver = TraceObserver(),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.redactor = redactor
        var logger = logger
        logger[metadataKey: "component"] = "trace"
        self.logger = logger
        self.observer = observer
        self.now = now
    }

    /// A recorder for one request; `requestID` is the id echoed to the client (recorded inside
    /// the file, redacted), while the file is named after the recorder's own ``TraceRecorder/traceID``.
    public func recorder(requestID: String) -> TraceRecorder {
        TraceRecorder(requestID: requestID, maxBytes: configuration.maxBytes)
    }

    /// Queues the request's trace for the next batch, which redacts, writes and prunes on the
    /// writer thread. Returns at once; never throws.
    public func write(_ recorder: TraceRecorder) {
        let trace = QueuedTrace(recorder: recorder, timestamp: now())
        let clock = ContinuousClock.now
        // Displaced traces are released after the lock: freeing their frames takes a while.
        let (displaced, batchDelay) = state.withLock { state -> ([QueuedTrace], Duration?) in
            state.queued.append(trace)
            var displaced: [QueuedTrace] = []
            while state.queued.count > configuration.maxFiles, let oldest = state.queued.popFirst() {
                displaced.append(oldest)
            }
            state.unreported[.count, default: 0] += displaced.count
            guard !state.batchSubmitted else { return (displaced, nil) }
            state.batchSubmitted = true
            guard let lastBatch = state.lastBatch else { return (displaced, .zero) }
            return (displaced, max(.zero, lastBatch + configuration.batchWindow - clock))
        }
        if !displaced.isEmpty { observer.pruned(.count, displaced.count) }
        if let batchDelay { writer.submit(after: batchDelay) { [self] in writeQueued() } }
    }

    /// Queues a full prune: rescans the directory, removes files past the age limit, then the
    /// oldest beyond the count limit, and logs `trace_pruned` for everything removed since the
    /// last one.
    public func prune() {
        writer.submit { [self] in pruneNow(rescan: true) }
    }

    /// Writes what waits for a batch now; returns once that and every prune queued before the
    /// call have finished.
    public func flush() async {
        writer.submit { [self] in writeQueued() }
        await writer.drain()
    }

    // MARK: On the writer thread

    /// Writes the waiting traces, oldest first, pruning after each.
    private func writeQueued() {
        let batch = state.withLock { state -> Deque<QueuedTrace> in
            state.batchSubmitted = false
            state.lastBatch = .now
            defer { state.queued = [] }
            return state.queued
        }
        for trace in batch { persist(trace.recorder, timestamp: trace.timestamp) }
    }

    private func persist(_ recorder: TraceRecorder, timestamp: Date) {
        let bytes = TraceDocument(maxBytes: configuration.maxBytes, redactor: redactor).bytes(for: recorder, timestamp: UTCTimestamp(secondsSince1970: timestamp.timeIntervalSince1970).iso8601)
        let name = "\(Self.fileStamp(timestamp))-\(recorder.traceID).json"
        do {
            try prepareDirectory()
            try Self.writeAtomically(bytes, to: configuration.directory + "/" + name)
            state.withLock { $0.index.add(TraceIndex.Entry(name: name, written: timestamp)) }
            recovered()
        } catch {
            state.withLock { $0.directoryReady = false }
            reportFailure(error)
        }
        pruneNow(rescan: false)
    }

    private func pruneNow(rescan: Bool) {
        let cutoff = now().addingTimeInterval(-configuration.maxAge.seconds)
        let outcome = state.withLock { state -> (expired: [TraceIndex.Entry], excess: [TraceIndex.Entry], remaining: Int)? in
            if rescan || !state.index.loaded {
                do { try state.index.rescan(configuration.directory) } catch { return nil }
            }
            let expired = state.index.removeExpired(before: cutoff)
            let excess = state.index.removeExcess(beyond: configuration.maxFiles)
            return (expired, excess, state.index.count)
        }
        guard let outcome else { return }
        let removed: [PruneReason: Int] = [.age: remove(outcome.expired), .count: remove(outcome.excess)]
        for (reason, count) in removed where count > 0 { observer.pruned(reason, count) }
        observer.filesChanged(outcome.remaining)
        let report = state.withLock { state -> [PruneReason: Int] in
            state.unreported.merge(removed, uniquingKeysWith: +)
            guard rescan else { return [:] }
            defer { state.unreported = [:] }
            return state.unreported
        }
        for reason in PruneReason.allCases {
            guard let count = report[reason], count > 0 else { continue }
            logger.info(
                "trace_pruned",
                metadata: ["reason": .string(reason.rawValue), "pruned": .stringConvertible(count), "remaining": .stringConvertible(outcome.remaining)]
            )
        }
    }

    /// Unlinks the files; returns how many went.
    private func remove(_ entries: [TraceIndex.Entry]) -> Int {
        entries.reduce(0) { count, entry in unlink(configuration.directory + "/" + entry.name) == 0 ? count + 1 : count }
    }

    private func prepareDirectory() throws {
        guard !state.withLock({ $0.directoryReady }) else { return }
        try FileManager.default.createDirectory(atPath: configuration.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: configuration.directory)
        state.withLock { $0.directoryReady = true }
    }

    /// Writes to a hidden temporary file created 0600, then renames it into place: a reader of
    /// a running proxy sees the whole file or none. No `fsync`: a trace is short-lived
    /// debugging data, and a journal commit per request cost about as much CPU as redacting
    /// the trace (docs/budget.md); after a power loss the newest traces may be lost or cut short.
    private static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let failure = FileDescriptorWriting.writeAll(bytes, to: descriptor) ?? 0
        close(descriptor)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    private func reportFailure(_ error: any Error) {
        let first = state.withLock { state -> Bool in
            defer { state.failing = true }
            return !state.failing
        }
        observer.writeFailed()
        if first {
            logger.error("trace_write_failed", metadata: ["error": "\(error)", "directory": .string(configuration.directory)])
        }
    }

    private func recovered() {
        let wasFailing = state.withLock { state -> Bool in
            defer { state.failing = false }
            return state.failing
        }
        if wasFailing {
            logger.notice("trace_write_recovered", metadata: ["directory": .string(configuration.directory)])
        }
    }

    /// `20261129T215145.123Z`: the start of a trace file's name, sortable and safe in file names.
    static func fileStamp(_ date: Date) -> String {
        UTCTimestamp(secondsSince1970: date.timeIntervalSince1970).compact
    }
}

/// Hooks through which the trace buffer reports to metrics.
public struct TraceObserver: Sendable {
    public var filesChanged: @Sendable (Int) -> Void
    public var pruned: @Sendable (TraceBuffer.PruneReason, Int) -> Void
    public var writeFailed: @Sendable () -> Void

    public init(
        filesChanged: @escaping @Sendable (Int) -> Void = { _ in },
        pruned: @escaping @Sendable (TraceBuffer.PruneReason, Int) -> Void = { _, _ in },
        writeFailed: @escaping @Sendable () -> Void = {}
    ) {
        self.filesChanged = filesChanged
        self.pruned = pruned
        self.writeFailed = writeFailed
    }
}
