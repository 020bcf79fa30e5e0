import Foundation
import Logging
import OrderedJSON
import Redaction
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A short-lived, redacted, on-disk record of the JSON-RPC frames behind each request.
///
/// One file per request, `<timestamp>-<request id>.json`, in a 0700 directory, each file 0600 and
/// written atomically (a temporary file renamed into place). Files are pruned by age and by count
/// on every write and on a timer; each prune logs `trace_pruned`. A full disk or an unwritable
/// directory logs one error (until a write succeeds again) and never fails the request.
public final class TraceBuffer: Sendable {
    /// Why files were pruned.
    public enum PruneReason: String, Sendable, CaseIterable {
        case age, count
    }

    let configuration: TraceBufferConfiguration
    private let redactor: Redactor
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let observer: TraceObserver
    private let failing = Mutex(false)
    private let directory: URL

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
        self.directory = URL(fileURLWithPath: configuration.directory, isDirectory: true)
    }

    /// A recorder for one request.
    public func recorder(requestID: String) -> TraceRecorder {
        TraceRecorder(requestID: requestID)
    }

    /// Redacts and writes the request's trace, then prunes. Never throws.
    public func write(_ recorder: TraceRecorder) {
        let timestamp = now()
        let document: JSONValue = [
            "req_id": .string(recorder.requestID),
            "timestamp": .string(Self.iso8601(timestamp)),
            "events": .array(recorder.recorded),
        ]
        let bytes = redactor.redact(document).jsonBytes
        do {
            try prepareDirectory()
            let name = "\(Self.fileStamp(timestamp))-\(recorder.requestID).json"
            try Self.writeAtomically(bytes, to: directory.appendingPathComponent(name))
            recovered()
        } catch {
            reportFailure(error)
        }
        prune()
    }

    /// Removes files past the age limit, then the oldest beyond the count limit; logs each prune.
    public func prune() {
        let files: [(url: URL, modified: Date)]
        do {
            files = try traceFiles()
        } catch {
            return
        }
        let cutoff = now().addingTimeInterval(-configuration.maxAge.seconds)
        let expired = files.filter { $0.modified < cutoff }
        remove(expired, reason: .age, remaining: files.count - expired.count)
        let kept = files.filter { $0.modified >= cutoff }.sorted { ($0.modified, $0.url.lastPathComponent) < ($1.modified, $1.url.lastPathComponent) }
        let excess = Array(kept.prefix(max(0, kept.count - configuration.maxFiles)))
        remove(excess, reason: .count, remaining: kept.count - excess.count)
        observer.filesChanged(kept.count - excess.count)
    }

    private func remove(_ files: [(url: URL, modified: Date)], reason: PruneReason, remaining: Int) {
        guard !files.isEmpty else { return }
        var removed = 0
        for file in files where (try? FileManager.default.removeItem(at: file.url)) != nil {
            removed += 1
        }
        observer.pruned(reason, removed)
        logger.info(
            "trace_pruned",
            metadata: ["reason": .string(reason.rawValue), "pruned": .stringConvertible(removed), "remaining": .stringConvertible(remaining)]
        )
    }

    private func traceFiles() throws -> [(url: URL, modified: Date)] {
        let urls = try FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.contentModificationDateKey], options: [.skipsHiddenFiles]
        )
        return urls.filter { $0.pathExtension == "json" }.map { url in
            let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            return (url, modified)
        }
    }

    private func prepareDirectory() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
    }

    /// Writes to a hidden temporary file created 0600, then renames it into place.
    private static func writeAtomically(_ bytes: [UInt8], to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var failure = FileDescriptorWriting.writeAll(bytes, to: descriptor) ?? 0
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0, rename(temporary.path, url.path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary.path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }

    private func reportFailure(_ error: any Error) {
        let first = failing.withLock { failing -> Bool in
            defer { failing = true }
            return !failing
        }
        observer.writeFailed()
        if first {
            logger.error("trace_write_failed", metadata: ["error": "\(error)", "directory": .string(configuration.directory)])
        }
    }

    private func recovered() {
        let wasFailing = failing.withLock { failing -> Bool in
            defer { failing = false }
            return failing
        }
        if wasFailing {
            logger.notice("trace_write_recovered", metadata: ["directory": .string(configuration.directory)])
        }
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// `20261129T215145.123Z`: sortable and safe in file names.
    static func fileStamp(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d%02d%02dT%02d%02d%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds % 1000
        )
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
