import CodexAppServer

/// The first place where a live transcript departs from the reference, with both sides.
public struct ConformanceDifference: Sendable, CustomStringConvertible {
    /// 1-based position in the compared (canonical) message sequence; 0 for whole-transcript issues.
    public var messageNumber: Int
    /// What the message is, e.g. "notification item/completed".
    public var message: String
    /// Dotted path inside the message, e.g. `params.item.text`; empty for the message itself.
    public var path: String
    public var problem: String
    public var expected: String
    public var actual: String
    /// The two raw lines, for context.
    public var referenceLine: String?
    public var liveLine: String?

    public var description: String {
        var text = messageNumber > 0 ? "message \(messageNumber) (\(message))" : message
        if !path.isEmpty { text += " at \(path)" }
        text += ": \(problem)\n  expected: \(expected)\n  actual:   \(actual)"
        if let referenceLine { text += "\n  reference line: \(referenceLine.prefix(400))" }
        if let liveLine { text += "\n  live line:      \(liveLine.prefix(400))" }
        return text
    }
}
