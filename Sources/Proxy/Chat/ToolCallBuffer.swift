/// Holds back streamed text from `<use_tool` to the matching `</use_tool>` so that a client
/// parsing text tool calls never receives half a block.
///
/// Text outside blocks passes through at once, except a tail that could still become an
/// opening tag (`<us…`), which waits for the next delta to decide. A block is released as one
/// piece when it closes (`started`, then `flushed`); a turn that ends inside a block releases
/// the held text as it is (`aborted`).
public struct ToolCallBuffer: Sendable {
    /// What happened to blocks while feeding, for metrics.
    public enum Event: Sendable, Hashable {
        case started, flushed, aborted
    }

    static let openTag = "<use_tool"
    static let closeTag = "</use_tool>"

    private var pending = ""
    private var insideBlock = false

    public init() {}

    /// Feeds one delta; returns the text that may be sent now (possibly empty) and block events.
    public mutating func feed(_ delta: String) -> (text: String, events: [Event]) {
        pending += delta
        var output = ""
        var events: [Event] = []
        while true {
            if insideBlock {
                guard let close = pending.range(of: Self.closeTag) else { break }
                output += pending[..<close.upperBound]
                pending = String(pending[close.upperBound...])
                insideBlock = false
                events.append(.flushed)
            } else if let open = pending.range(of: Self.openTag) {
                output += pending[..<open.lowerBound]
                pending = String(pending[open.lowerBound...])
                insideBlock = true
                events.append(.started)
            } else {
                let keep = Self.partialOpenTagSuffixLength(pending)
                let cut = pending.index(pending.endIndex, offsetBy: -keep)
                output += pending[..<cut]
                pending = String(pending[cut...])
                break
            }
        }
        return (output, events)
    }

    /// Ends the stream: returns whatever is held, and `aborted` if it was an unclosed block.
    public mutating func finish() -> (text: String, events: [Event]) {
        defer {
            pending = ""
            insideBlock = false
        }
        return (pending, insideBlock ? [.aborted] : [])
    }

    /// Whether text is being held inside an open block.
    public var isHoldingBlock: Bool { insideBlock }

    /// How many trailing characters of `text` are a proper prefix of the opening tag.
    private static func partialOpenTagSuffixLength(_ text: String) -> Int {
        let tag = Array(openTag)
        let tail = Array(text.suffix(tag.count - 1))
        for length in stride(from: min(tail.count, tag.count - 1), through: 1, by: -1) where Array(tail.suffix(length)) == Array(tag.prefix(length)) {
            return length
        }
        return 0
    }
}
