import OrderedJSON

/// One conversation message: its role, its text parts, and for function calling the assistant's
/// `tool_calls` or the `tool` message's `tool_call_id`.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    public var role: Role
    /// The text parts in order (a string `content` is one part; `null` content none).
    public var parts: [String]
    /// `assistant` only: the calls it made.
    public var toolCalls: [ChatToolCall] = []
    /// `tool` only: the call this message answers.
    public var toolCallID: String?

    public init(role: Role, parts: [String], toolCalls: [ChatToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.parts = parts
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// The text parts joined by a newline.
    public var text: String { parts.joined(separator: "\n") }
}

extension ChatMessage {
    /// Accepts string content or an array of `{"type":"text","text":…}` parts (`null` content for
    /// an assistant message with `tool_calls`); `path` names the message in errors, e.g. `messages[2]`.
    init(json: JSONValue, path: String) throws(ProxyError) {
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
        let parts: [String]
        switch content {
        case nil where !toolCalls.isEmpty:
            parts = []
        case nil:
            throw .invalidRequest("'\(path).content' is required.", param: "\(path).content", code: "missing_required_parameter")
        case .string(let text)?:
            parts = [text]
        case .array(let items)?:
            parts = try Self.textParts(items, path: "\(path).content")
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
        self.init(role: role, parts: parts, toolCalls: toolCalls, toolCallID: toolCallID)
    }

    private static func textParts(_ items: [JSONValue], path: String) throws(ProxyError) -> [String] {
        var texts: [String] = []
        for (index, part) in items.enumerated() {
            let partPath = "\(path)[\(index)]"
            guard let type = part["type"]?.stringValue else {
                throw .invalidRequest("'\(partPath).type' must be a string.", param: "\(partPath).type", code: "invalid_type")
            }
            guard type == "text" else {
                throw .invalidRequest(
                    "'\(partPath).type' is '\(ProxyError.quote(type))', but only 'text' parts are supported.", param: "\(partPath).type", code: "unsupported_value"
                )
            }
            guard let text = part["text"]?.stringValue else {
                throw .invalidRequest("'\(partPath).text' must be a string.", param: "\(partPath).text", code: "invalid_type")
            }
            texts.append(text)
        }
        return texts
    }
}
