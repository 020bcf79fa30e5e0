import OrderedJSON

/// One conversation message: its role, its content parts (text, and for users inline images),
/// and for function calling the assistant's `tool_calls` or the `tool` message's `tool_call_id`.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    /// One content part, in the order sent.
    public enum Part: Sendable, Hashable {
        case text(String)
        /// `user` messages only.
        case image(ChatImagePart)
    }

    public var role: Role
    /// The content parts in order (a string `content` is one text part; `null` content none).
    public var content: [Part]
    /// `assistant` only: the calls it made.
    public var toolCalls: [ChatToolCall] = []
    /// `tool` only: the call this message answers.
    public var toolCallID: String?

    public init(role: Role, content: [Part], toolCalls: [ChatToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A message of text parts.
    public init(role: Role, parts: [String], toolCalls: [ChatToolCall] = [], toolCallID: String? = nil) {
        self.init(role: role, content: parts.map(Part.text), toolCalls: toolCalls, toolCallID: toolCallID)
    }

    /// The text parts in order (images left out).
    public var parts: [String] {
        content.compactMap { part in
            if case .text(let text) = part { return text }
            return nil
        }
    }

    /// The text parts joined by a newline.
    public var text: String { parts.joined(separator: "\n") }
}

extension ChatMessage {
    /// Accepts string content or an array of `{"type":"text","text":…}` parts, `image_url` parts
    /// in user messages (see ``ChatImagePart``; at most `maxImageBytes` each, decoded), and `null`
    /// content for an assistant message with `tool_calls`; `path` names the message in errors,
    /// e.g. `messages[2]`.
    init(json: JSONValue, path: String, maxImageBytes: Int = ChatImagePart.defaultMaxBytes) throws(ProxyError) {
        guard case .object(let object) = json else {
            throw .invalidRequest("'\(path)' must be an object with 'role' and 'content', got \(json.typeName).", param: path, code: "invalid_type")
        }
        guard let roleValue = object["role"] else {
            throw .invalidRequest("'\(path).role' is required.", param: "\(path).role", code: "missing_required_parameter")
        }
        guard let roleName = roleValue.stringValue, let role = Role(rawValue: roleName) else {
            let allowed = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidRequest("'\(path).role' must be one of \(allowed), got \(ProxyError.quote(roleValue.description)).", param: "\(path).role", code: "invalid_value")
        }
        let toolCalls = try role == .assistant ? ChatToolCall.list(object["tool_calls"], path: "\(path).tool_calls") : []
        // `null` content is allowed only next to tool calls (JSONValue's own nil literal is `null`,
        // so the absence is spelled out as Optional.none).
        var content: JSONValue? = object["content"]
        if content?.isNull == true, !toolCalls.isEmpty { content = Optional.none }
        let parts: [Part]
        switch content {
        case nil where !toolCalls.isEmpty:
            parts = []
        case nil:
            throw .invalidRequest("'\(path).content' is required.", param: "\(path).content", code: "missing_required_parameter")
        case .string(let text)?:
            parts = [.text(text)]
        case .array(let items)?:
            parts = try Self.contentParts(items, path: "\(path).content", imagesAllowed: role == .user, maxImageBytes: maxImageBytes)
        case let other?:
            throw .invalidRequest(
                "'\(path).content' must be a string or an array of text parts, got \(other.typeName).", param: "\(path).content",
                code: "invalid_type"
            )
        }
        var toolCallID: String?
        if role == .tool {
            guard let value = object["tool_call_id"], !value.isNull else {
                throw .invalidRequest("'\(path).tool_call_id' is required for role 'tool'.", param: "\(path).tool_call_id", code: "missing_required_parameter")
            }
            guard let id = value.stringValue, !id.isEmpty else {
                throw .invalidRequest("'\(path).tool_call_id' must be a non-empty string, got \(value.typeName).", param: "\(path).tool_call_id", code: "invalid_type")
            }
            toolCallID = id
        }
        self.init(role: role, content: parts, toolCalls: toolCalls, toolCallID: toolCallID)
    }

    private static func contentParts(_ items: [JSONValue], path: String, imagesAllowed: Bool, maxImageBytes: Int) throws(ProxyError) -> [Part] {
        var parts: [Part] = []
        for (index, part) in items.enumerated() {
            let partPath = "\(path)[\(index)]"
            guard case .object(let fields) = part, let type = fields["type"]?.stringValue else {
                throw .invalidRequest("'\(partPath).type' must be a string.", param: "\(partPath).type", code: "invalid_type")
            }
            switch type {
            case "text":
                guard let text = fields["text"]?.stringValue else {
                    throw .invalidRequest("'\(partPath).text' must be a string.", param: "\(partPath).text", code: "invalid_type")
                }
                parts.append(.text(text))
            case "image_url" where imagesAllowed:
                parts.append(.image(try ChatImagePart(part: fields, path: partPath, maxBytes: maxImageBytes)))
            case "image_url":
                throw .invalidRequest(
                    "'\(partPath).type' 'image_url' is only allowed in user messages.", param: "\(partPath).type", code: "unsupported_value"
                )
            case "input_audio", "file":
                throw .invalidRequest(
                    "'\(partPath).type' '\(type)' is not supported: the worker takes text and images only.", param: "\(partPath).type",
                    code: "unsupported_value"
                )
            default:
                throw .invalidRequest(
                    "'\(partPath).type' is '\(ProxyError.quote(type))', but only 'text' and 'image_url' parts are supported.", param: "\(partPath).type",
                    code: "unsupported_value"
                )
            }
        }
        return parts
    }
}
