import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes whole log lines to one destination, one line at a time, never interleaved.
///
/// A failed write (a closed stdout, or a line dropped because stdout does not keep up) is counted
/// and otherwise ignored: logging must never fail or stall the request that logs.
public final class LogLineWriter: Sendable {
    private let destination: @Sendable ([UInt8]) -> Bool
    private let flushing: @Sendable (Duration) -> Void
    private let lock = Mutex(0)

    /// Lines go to `destination`, which returns whether the write succeeded; `flush` waits for
    /// lines the destination still holds.
    public init(destination: @escaping @Sendable ([UInt8]) -> Bool, flush: @escaping @Sendable (Duration) -> Void = { _ in }) {
        self.destination = destination
        self.flushing = flush
    }

    /// Standard output, written whole with `write(2)` (a line is never split by buffering) by a
    /// thread of its own. Up to `capacity` lines wait for a slow reader; past that, lines are
    /// dropped and counted (``failedWrites``, `codex_log_lines_dropped_total`) rather than
    /// stalling requests.
    public static func standardOutput(capacity: Int = 16_384) -> LogLineWriter {
        let background = BackgroundLineWriter(descriptor: STDOUT_FILENO, capacity: capacity)
        return LogLineWriter(destination: { bytes in background.enqueue(bytes) }, flush: { background.flush(upTo: $0) })
    }

    /// Writes `line` (which must end with a newline).
    public func write(_ line: [UInt8]) {
        lock.withLock { failures in
            if !destination(line) { failures += 1 }
        }
    }

    /// Waits up to `limit` for lines still queued to be written (call before the process exits).
    public func flush(upTo limit: Duration = .seconds(1)) {
        flushing(limit)
    }

    /// Lines that could not be written or were dropped.
    public var failedWrites: Int {
        lock.withLock { $0 }
    }
}
