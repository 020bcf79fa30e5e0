/// Renders a conversation as the single text input of a Codex turn.
///
/// A lone user message is sent as it is. Anything longer becomes a transcript with one
/// `[role]` header per message, so the worker sees who said what; the final user message is
/// last, which is what the worker answers.
enum ConversationPrompt {
    static func render(_ messages: [ChatMessage]) -> String {
        if messages.count == 1, let only = messages.first, only.role == .user {
            return only.text
        }
        return messages.map { "[\($0.role.rawValue)]\n\($0.text)" }.joined(separator: "\n\n")
    }
}
