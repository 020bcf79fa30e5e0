#if canImport(Glibc)
import Glibc
#endif

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

    /// Feeds contiguous bytes (what a pipe read gives) and returns every line they completed, in
    /// order. Newlines are found with `memchr` and bytes are copied a run at a time; a line that
    /// lies whole inside the chunk is copied once, straight into its own array.
    public mutating func append(_ chunk: UnsafeRawBufferPointer) -> [Line] {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return [] }
        var lines: [Line] = []
        var start = 0
        while start < chunk.count {
            guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start) else {
                take(UnsafeRawBufferPointer(rebasing: chunk[start...]))
                break
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            let run = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if pending.isEmpty, !discarding, run.count <= maximumLineLength {
                lines.append(.complete(Self.withoutCarriageReturn(Array(run))))
            } else {
                take(run)
                lines.append(takeLine())
            }
            start = end + 1
        }
        return lines
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

    /// Adds a run of bytes without a newline to the pending line, or starts discarding it once
    /// it passes the limit (same accounting as one byte at a time).
    private mutating func take(_ run: UnsafeRawBufferPointer) {
        guard !run.isEmpty else { return }
        if discarding {
            discardedLength += run.count
        } else if pending.count + run.count > maximumLineLength {
            discarding = true
            discardedLength = pending.count + run.count
            pending.removeAll(keepingCapacity: false)
        } else {
            pending.append(contentsOf: run)
        }
    }

    private mutating func takeLine() -> Line {
        if discarding {
            let length = discardedLength
            discarding = false
            discardedLength = 0
            return .oversized(length: length)
        }
        // A copy, so the pending buffer stays unshared and is reused; one that grew past 64 KiB
        // for a long line is let go rather than kept for every short line after it.
        let line = Self.withoutCarriageReturn(Array(pending[...]))
        pending.removeAll(keepingCapacity: pending.capacity <= 64 * 1024)
        return .complete(line)
    }

    private static func withoutCarriageReturn(_ line: [UInt8]) -> [UInt8] {
        line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : line
    }
}
