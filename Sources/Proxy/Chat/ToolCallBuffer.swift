/// Holds back streamed text from `<use_tool` to the matching `</use_tool>` so that a client
/// parsing text tool calls never receives half a block.
///
/// Text outside blocks passes through at once, except a tail that could still become an
/// opening tag (`<us…`), which waits for the next delta to decide. A block is released as one
/// piece when it closes (`started`, then `flushed`). A turn that ends inside a block releases
/// the held text as it is (`aborted(.unclosed)`); a block that grows past ``maxHeldBytes`` is
/// released as plain text at once (`aborted(.tooLarge)`), so no stream can make the proxy hold
/// more than the bound.
///
/// Work is linear in the text: each byte is appended once, searched for a tag at most once
/// (plus the tag's length of overlap between deltas) and released once.
public struct ToolCallBuffer: Sendable {
    /// What happened to blocks while feeding, for metrics.
    public enum Event: Sendable, Hashable {
        case started, flushed
        case aborted(AbortReason)
    }

    /// Why a block was released before its closing tag; the `reason` label of
    /// `codex_tool_buffer_aborted_total`.
    public enum AbortReason: String, Sendable, Hashable, CaseIterable {
        /// The turn ended inside the block.
        case unclosed
        /// The block grew past the held-text bound (`PROXY_TOOL_BUFFER_MAX_BYTES`).
        case tooLarge = "too_large"
    }

    /// The default bound on held text: 64 KiB.
    public static let defaultMaxHeldBytes = 64 * 1024

    static let openTag = Array("<use_tool".utf8)
    static let closeTag = Array("</use_tool>".utf8)

    /// The most bytes of a block held back; past it the block goes out as plain text.
    public let maxHeldBytes: Int
    /// The held text: a possible start of an opening tag, or the open block so far.
    private var held: [UInt8] = []
    private var insideBlock = false
    /// Inside a block: where the search for the closing tag resumes in `held`.
    private var searchFrom = 0

    /// A buffer that holds at most `maxHeldBytes` of an open block (at least the tag lengths).
    public init(maxHeldBytes: Int = defaultMaxHeldBytes) {
        self.maxHeldBytes = max(maxHeldBytes, Self.closeTag.count + Self.openTag.count)
    }

    /// Feeds one delta; returns the text that may be sent now (possibly empty) and block events.
    public mutating func feed(_ delta: String) -> (text: String, events: [Event]) {
        // Plain text with nothing held: no tag can start in it, so it passes as it is.
        if held.isEmpty, !insideBlock, !delta.utf8.contains(UInt8(ascii: "<")) {
            return (delta, [])
        }
        held.append(contentsOf: delta.utf8)
        var output: [UInt8] = []
        var events: [Event] = []
        // `held[..<released]` has been moved to `output`; it is dropped once, at the end.
        var released = 0
        while released < held.count {
            if insideBlock {
                if let close = Self.find(Self.closeTag, in: held, from: max(searchFrom, released)) {
                    output.append(contentsOf: held[released..<(close + Self.closeTag.count)])
                    released = close + Self.closeTag.count
                    insideBlock = false
                    events.append(.flushed)
                    continue
                }
                if held.count - released > maxHeldBytes {
                    output.append(contentsOf: held[released...])
                    released = held.count
                    insideBlock = false
                    events.append(.aborted(.tooLarge))
                    break
                }
                searchFrom = max(released, held.count - (Self.closeTag.count - 1))
                break
            }
            if let open = Self.find(Self.openTag, in: held, from: released) {
                output.append(contentsOf: held[released..<open])
                released = open
                insideBlock = true
                searchFrom = open + Self.openTag.count
                events.append(.started)
                continue
            }
            let end = held.count - Self.partialOpenTagSuffixLength(held[released...])
            output.append(contentsOf: held[released..<end])
            released = end
            break
        }
        // Every cut is before `<`, after `>` or at the end of a delta: whole UTF-8 characters.
        held.removeFirst(released)
        searchFrom = max(0, searchFrom - released)
        return (String(decoding: output, as: UTF8.self), events)
    }

    /// Ends the stream: returns whatever is held, and `aborted(.unclosed)` if it was an open block.
    public mutating func finish() -> (text: String, events: [Event]) {
        defer {
            held = []
            insideBlock = false
            searchFrom = 0
        }
        return (String(decoding: held, as: UTF8.self), insideBlock ? [.aborted(.unclosed)] : [])
    }

    /// Whether text is being held inside an open block.
    public var isHoldingBlock: Bool { insideBlock }

    /// Bytes held back right now.
    public var heldByteCount: Int { held.count }

    /// The first index of `tag` in `bytes` at or after `start`; linear (tags are short).
    static func find(_ tag: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = tag.first, bytes.count >= tag.count else { return nil }
        var index = max(0, start)
        let last = bytes.count - tag.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < tag.count, bytes[index + matched] == tag[matched] { matched += 1 }
                if matched == tag.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// How many trailing bytes of `bytes` are a proper prefix of the opening tag.
    static func partialOpenTagSuffixLength(_ bytes: ArraySlice<UInt8>) -> Int {
        let longest = min(bytes.count, openTag.count - 1)
        for length in stride(from: longest, through: 1, by: -1) where bytes.suffix(length).elementsEqual(openTag[..<length]) {
            return length
        }
        return 0
    }
}
