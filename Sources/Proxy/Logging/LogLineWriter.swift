import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes whole log lines to one destination, one line at a time, never interleaved.
///
/// A failed write (a closed or full stdout) is counted and otherwise ignored: logging must never
/// fail or stall the request that logs.
public final class LogLineWriter: Sendable {
    private let destination: @Sendable ([UInt8]) -> Bool
    private let lock = Mutex(0)

    /// Lines go to `destination`, which returns whether the write succeeded.
    public init(destination: @escaping @Sendable ([UInt8]) -> Bool) {
        self.destination = destination
    }

    /// Standard output, written with `write(2)` so a line is never split by buffering.
    public static func standardOutput() -> LogLineWriter {
        LogLineWriter { bytes in FileDescriptorWriting.writeAll(bytes, to: STDOUT_FILENO) == nil }
    }

    /// Writes `line` (which must end with a newline).
    public func write(_ line: [UInt8]) {
        lock.withLock { failures in
            if !destination(line) { failures += 1 }
        }
    }

    /// Lines that could not be written.
    public var failedWrites: Int {
        lock.withLock { $0 }
    }
}
