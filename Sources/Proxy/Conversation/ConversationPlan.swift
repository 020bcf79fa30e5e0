import OrderedJSON

/// A chat conversation as the worker takes it: real items, never a text transcript, so a user
/// cannot forge a turn by typing a role header.
///
/// - Leading `system`/`developer` messages (before the first user or assistant message) become
///   `thread/start.developerInstructions`, joined by a blank line.
/// - A trailing `user` message is the `turn/start` input; everything between the leading
///   instructions and it is injected with `thread/inject_items` first (nothing to inject: no
///   extra round trip).
/// - A conversation ending in `tool` messages is injected whole and the turn starts with `input: []`.
public struct ConversationPlan: Sendable, Hashable {
    public var developerInstructions: String?
    /// Responses API items for `thread/inject_items` (empty: no injection).
    public var injectedItems: [JSONValue]
    /// The `turn/start` input (empty when the conversation ends in tool results).
    public var input: [JSONValue]

    /// `naming` names the messages in errors as the request spells them.
    public init(_ messages: [ChatMessage], naming: MessageNaming = .chat) throws(ProxyError) {
        guard let last = messages.last, last.role == .user || last.role == .tool else {
            let role = messages.last?.role.rawValue ?? "none"
            throw .invalidRequest(
                "The last message must have role 'user' or 'tool', got '\(role)' (\(naming.item(max(0, messages.count - 1)))).",
                param: naming.list, code: "invalid_value"
            )
        }
        try ToolCallPairing.validate(messages, naming: naming)
        let leading = messages.prefix { $0.role == .system || $0.role == .developer }
        let instructions = leading.map(\.text).joined(separator: "\n\n")
        developerInstructions = leading.isEmpty ? nil : instructions
        var history = messages.dropFirst(leading.count)
        if last.role == .user {
            history = history.dropLast()
            input = (last.content.isEmpty ? [.text("")] : last.content).map(ResponseItems.turnInput)
        } else {
            input = []
        }
        injectedItems = history.flatMap(ResponseItems.items(for:))
    }
}

/// The Responses API items one chat message becomes in the injected history.
enum ResponseItems {
    static func items(for message: ChatMessage) -> [JSONValue] {
        switch message.role {
        case .system, .developer:
            // Never role `system`: the worker drops it without a word.
            return [self.message(role: "developer", partType: "input_text", parts: message.parts)]
        case .user:
            let content: [JSONValue] = message.content.map { part in
                switch part {
                case .text(let text): ["type": "input_text", "text": .string(text)]
                case .image(let image): ["type": "input_image", "image_url": .string(image.url), "detail": .string(image.detail)]
                }
            }
            return [["type": "message", "role": "user", "content": .array(content)]]
        case .assistant:
            var items: [JSONValue] = []
            if !message.parts.isEmpty { items.append(self.message(role: "assistant", partType: "output_text", parts: message.parts)) }
            for call in message.toolCalls {
                items.append([
                    "type": "function_call", "call_id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments),
                ])
            }
            return items
        case .tool:
            return [["type": "function_call_output", "call_id": .string(message.toolCallID ?? ""), "output": .string(message.text)]]
        }
    }

    /// One part of the trailing user message as a `turn/start` input item.
    static func turnInput(_ part: ChatMessage.Part) -> JSONValue {
        switch part {
        case .text(let text): ["type": "text", "text": .string(text), "text_elements": []]
        case .image(let image): ["type": "image", "url": .string(image.url), "detail": .string(image.detail)]
        }
    }

    private static func message(role: String, partType: String, parts: [String]) -> JSONValue {
        let content: [JSONValue] = parts.map { ["type": .string(partType), "text": .string($0)] }
        return ["type": "message", "role": .string(role), "content": .array(content)]
    }
}

/// How a request names its messages in error messages and `param`: chat's `messages[i]`, or the
/// Responses API's input items.
public struct MessageNaming: Sendable {
    /// The field holding the conversation (`messages`, `input`).
    public var list: String
    /// The path of the message at an index of the conversation.
    public var item: @Sendable (Int) -> String

    public init(list: String, item: @escaping @Sendable (Int) -> String) {
        self.list = list
        self.item = item
    }

    public static let chat = MessageNaming(list: "messages") { "messages[\($0)]" }
}
