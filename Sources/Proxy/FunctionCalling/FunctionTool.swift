import CodexAppServer
import OrderedJSON

/// One client function of a request's `tools`, as the worker registers it (`dynamicTools`).
public struct FunctionTool: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The JSON Schema of the arguments: an object schema.
    public var parameters: JSONValue

    /// The `thread/start.dynamicTools` entry.
    public var dynamicTool: JSONValue {
        ["type": "function", "name": .string(name), "description": .string(description), "inputSchema": parameters]
    }
}

extension FunctionTool {
    /// Names codex keeps for itself (``ReservedToolNames``): a client function with one would be
    /// dropped without a word.
    static let reservedNames = ReservedToolNames.onTextOnlyThreads

    static let maximumNameLength = 128

    /// Parses chat's `tools[index]`: `{"type":"function","function":{"name","description"?,"parameters"?,"strict"?}}`.
    init(chatTool json: JSONValue, index: Int) throws(ProxyError) {
        let path = "tools[\(index)]"
        let object = try Self.functionTyped(json, path: path)
        guard let function = object["function"], case .object = function else {
            throw .invalidRequest("'\(path).function' must be an object with a 'name'.", param: "\(path).function", code: "invalid_type")
        }
        try self.init(definition: function, path: "\(path).function")
    }

    /// Parses the Responses API's `tools[index]`: `{"type":"function","name","description"?,"parameters"?,"strict"?}`.
    init(responsesTool json: JSONValue, index: Int) throws(ProxyError) {
        let path = "tools[\(index)]"
        _ = try Self.functionTyped(json, path: path)
        try self.init(definition: json, path: path)
    }

    private static func functionTyped(_ json: JSONValue, path: String) throws(ProxyError) -> JSONObject {
        guard case .object(let object) = json else {
            throw .invalidRequest("'\(path)' must be an object, got \(json.typeName).", param: path, code: "invalid_type")
        }
        guard let type = object["type"]?.stringValue, type == "function" else {
            let got = object["type"].map { ProxyError.quote($0.description) } ?? "nothing"
            throw .invalidRequest(
                "'\(path).type' must be 'function' (the only tools the proxy offers), got \(got).", param: "\(path).type", code: "invalid_value"
            )
        }
        return object
    }

    /// Reads `name`, `description`, `parameters` and `strict` of the object at `path`.
    private init(definition function: JSONValue, path: String) throws(ProxyError) {
        guard let name = function["name"]?.stringValue else {
            throw .invalidRequest("'\(path).name' is required and must be a string.", param: "\(path).name", code: "missing_required_parameter")
        }
        guard !name.isEmpty, name.utf8.count <= Self.maximumNameLength, name.utf8.allSatisfy(Self.isNameByte) else {
            throw .invalidRequest(
                "'\(path).name' must be 1 to \(Self.maximumNameLength) characters of a-z, A-Z, 0-9, '_' and '-', got '\(ProxyError.quote(name))'.",
                param: "\(path).name", code: "invalid_value"
            )
        }
        guard !Self.reservedNames.contains(name) else {
            throw .invalidRequest(
                "'\(path).name' is '\(name)', a name the Codex worker reserves for its own tools; rename the function.",
                param: "\(path).name", code: "invalid_value"
            )
        }
        var description = ""
        if let value = function["description"], !value.isNull {
            guard let text = value.stringValue else {
                throw .invalidRequest("'\(path).description' must be a string, got \(value.typeName).", param: "\(path).description", code: "invalid_type")
            }
            description = text
        }
        var parameters: JSONValue = ["type": "object", "properties": [:]]
        if let value = function["parameters"], !value.isNull {
            guard case .object = value, value["type"]?.stringValue == "object" else {
                throw .invalidRequest(
                    "'\(path).parameters' must be a JSON Schema object whose 'type' is 'object'.", param: "\(path).parameters", code: "invalid_value"
                )
            }
            parameters = value
        }
        if let strict = function["strict"], !strict.isNull, strict.boolValue == nil {
            throw .invalidRequest("'\(path).strict' must be a boolean, got \(strict.typeName).", param: "\(path).strict", code: "invalid_type")
        }
        self.init(name: name, description: description, parameters: parameters)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
