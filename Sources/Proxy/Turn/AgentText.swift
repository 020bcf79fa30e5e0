/// Tracks agent message text per item so that deltas and the authoritative completed text
/// combine into one stream without gaps or repeats.
struct AgentText: Sendable {
    private var textByItem: [String: String] = [:]
    private var lastItem: String?

    /// The text to emit for a delta (with a separator when a new message starts), or `nil`.
    mutating func append(_ delta: String, item: String) -> String? {
        guard !delta.isEmpty else { return nil }
        let separator = separator(before: item)
        textByItem[item, default: ""] += delta
        lastItem = item
        return separator + delta
    }

    /// The part of a completed message that its deltas did not deliver, or `nil`.
    mutating func complete(_ fullText: String, item: String) -> String? {
        let seen = textByItem[item] ?? ""
        guard fullText.count > seen.count, fullText.hasPrefix(seen) else { return nil }
        return append(String(fullText.dropFirst(seen.count)), item: item)
    }

    private func separator(before item: String) -> String {
        guard let lastItem, lastItem != item, textByItem[lastItem]?.isEmpty == false else { return "" }
        return "\n\n"
    }
}
