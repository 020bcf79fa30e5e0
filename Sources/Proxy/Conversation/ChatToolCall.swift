import OrderedJSON

/// One entry of an assistant message's `tool_calls`: `{"id","type":"function","function":{"name","arguments"}}`.
/// `arguments` is kept exactly as sent (a string), because it is replayed to the model verbatim.
public struct ChatToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

extension ChatToolCall {
    /// The OpenAI form: `{"id","type":"function","function":{"name","arguments"}}`.
    var json: JSONValue {
        ["id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(arguments)]]
    }

    /// Parses `tool_calls` (absent or `null` is none); `path` is e.g. `messages[3].tool_calls`.
    static func list(_ value: JSONValue?, path: String) throws(ProxyError) -> [ChatToolCall] {
        guard let value, !value.isNull else { return [] }
        guard let entries = value.arrayValue else {
            throw .invalidRequest("'\(path)' must be an array, got \(value.typeName).", param: path, code: "invalid_type")
        }
        var calls: [ChatToolCall] = []
        for (index, entry) in entries.enumerated() {
            calls.append(try ChatToolCall(json: entry, path: "\(path)[\(index)]"))
        }
        return calls
    }

    init(json: JSONValue, path: String) throws(ProxyError) {
        guard case .object(let object) = json else {
            throw .invalidRequest("'\(path)' must be an object, got \(json.typeName).", param: path, code: "invalid_type")
        }
        let id = try Self.string(object["id"], path: "\(path).id")
        if let type = object["type"], !type.isNull, type.stringValue != "function" {
            throw .invalidRequest("'\(path).type' must be 'function', got \(ProxyError.quote(type.description)).", param: "\(path).type", code: "invalid_value")
        }
        guard case .object(let function)? = object["function"] else {
            throw .invalidRequest("'\(path).function' must be an object with 'name' and 'arguments'.", param: "\(path).function", code: "invalid_type")
        }
        let name = try Self.string(function["name"], path: "\(path).function.name")
        guard let argumentsValue = function["arguments"] else {
            throw .invalidRequest("'\(path).function.arguments' is required.", param: "\(path).function.arguments", code: "missing_required_parameter")
        }
        guard let arguments = argumentsValue.stringValue else {
            throw .invalidRequest(
                "'\(path).function.arguments' must be a string (the JSON text of the arguments), got \(argumentsValue.typeName).",
                param: "\(path).function.arguments", code: "invalid_type"
            )
        }
        self.init(id: id, name: name, arguments: arguments)
    }

    private static func string(_ value: JSONValue?, path: String) throws(ProxyError) -> String {
        guard let value else {
            throw .invalidRequest("'\(path)' is required.", param: path, code: "missing_required_parameter")
        }
        guard let text = value.stringValue, !text.isEmpty else {
            throw .invalidRequest("'\(path)' must be a non-empty string, got \(value.typeName).", param: path, code: "invalid_type")
        }
        return text
    }
}
