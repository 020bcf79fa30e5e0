/// Checks that the conversation's function-call history is complete before any worker call,
/// because `thread/inject_items` silently drops what it cannot pair: every `tool` message answers
/// a call of the nearest preceding assistant `tool_calls` message, every such call is answered
/// before the next non-tool message, and call ids are unique. Errors name the message.
enum ToolCallPairing {
    static func validate(_ messages: [ChatMessage], naming: MessageNaming = .chat) throws(ProxyError) {
        var seen: Set<String> = []
        /// The nearest assistant `tool_calls` message (its index) and its ids not yet answered.
        var open: (index: Int, unanswered: [String])?
        var answerable: Set<String> = []
        for (index, message) in messages.enumerated() {
            if message.role == .tool {
                let id = message.toolCallID ?? ""
                guard answerable.contains(id) else {
                    throw .invalidRequest(
                        "'\(naming.item(index)).tool_call_id' (\(quoted(id))) does not answer a call of the preceding assistant message's 'tool_calls'.",
                        param: "\(naming.item(index)).tool_call_id", code: "invalid_value"
                    )
                }
                answerable.remove(id)
                open?.unanswered.removeAll { $0 == id }
                continue
            }
            try close(open, naming: naming)
            open = nil
            answerable = []
            guard !message.toolCalls.isEmpty else { continue }
            for (callIndex, call) in message.toolCalls.enumerated() {
                guard seen.insert(call.id).inserted else {
                    throw .invalidRequest(
                        "'\(naming.item(index)).tool_calls[\(callIndex)].id' (\(quoted(call.id))) repeats a tool call id used earlier in the conversation.",
                        param: "\(naming.item(index)).tool_calls[\(callIndex)].id", code: "invalid_value"
                    )
                }
            }
            open = (index, message.toolCalls.map(\.id))
            answerable = Set(message.toolCalls.map(\.id))
        }
        try close(open, naming: naming)
    }

    /// An assistant `tool_calls` message must be followed by one `tool` message per call id.
    private static func close(_ open: (index: Int, unanswered: [String])?, naming: MessageNaming) throws(ProxyError) {
        guard let open, !open.unanswered.isEmpty else { return }
        let ids = open.unanswered.prefix(8).map(quoted).joined(separator: ", ") + (open.unanswered.count > 8 ? ", …" : "")
        throw .invalidRequest(
            "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
                + "The following tool_call_ids of '\(naming.item(open.index))' did not have response messages: \(ids).",
            param: "\(naming.item(open.index)).tool_calls", code: "invalid_value"
        )
    }

    /// A client-supplied id in quotes, shortened by ``ProxyError/quote(_:)`` so the message stays bounded.
    private static func quoted(_ id: String) -> String {
        "'\(ProxyError.quote(id))'"
    }
}
