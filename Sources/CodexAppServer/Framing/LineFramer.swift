/// Splits a byte stream into newline-terminated lines, the app-server's framing.
///
/// Bytes may arrive in any chunking (a line split across reads, several lines in one read).
/// Lines longer than ``maximumLineLength`` are skipped whole and reported as
/// ``Line/oversized(length:)`` so one runaway line cannot exhaust memory; the default is far
/// above the longest real frames (agent messages well over 128 KiB).
public struct LineFramer: Sendable {
    /// One framed unit of input.
    public enum Line: Sendable, Hashable {
        /// A complete line without its terminator (a trailing `\r` is removed too).
        case complete([UInt8])
        /// A line that exceeded the limit and was discarded; `length` counts the bytes seen.
        case oversized(length: Int)
    }

    /// The longest line accepted, in bytes.
    public let maximumLineLength: Int
    private var pending: [UInt8] = []
    private var discarding = false
    private var discardedLength = 0

    public init(maximumLineLength: Int = 64 * 1024 * 1024) {
        self.maximumLineLength = maximumLineLength
    }

    /// Feeds a chunk and returns every line it completed, in order.
    public mutating func append(_ chunk: some Sequence<UInt8>) -> [Line] {
        var lines: [Line] = []
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                lines.append(takeLine())
                continue
            }
            if discarding {
                discardedLength += 1
            } else if pending.count >= maximumLineLength {
                discarding = true
                discardedLength = pending.count + 1
                pending.removeAll(keepingCapacity: false)
            } else {
                pending.append(byte)
            }
        }
        return lines
    }

    /// Call at end of input: returns the unterminated tail, if any (a truncated line).
    public mutating func finish() -> Line? {
        guard discarding || !pending.isEmpty else { return nil }
        return takeLine()
    }

    private mutating func takeLine() -> Line {
        if discarding {
            let length = discardedLength
            discarding = false
            discardedLength = 0
            return .oversized(length: length)
        }
        var line = pending
        pending.removeAll(keepingCapacity: true)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return .complete(line)
    }
}
