/// The `error` member of a JSON-RPC error response: `{"code","message","data"?}`.
public struct RPCErrorObject: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int64
    public var message: String
    public var data: JSONValue?

    public init(code: Int64, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// Reads the error object; `nil` when `code` or `message` is missing or mistyped.
    public init?(json: JSONValue) {
        guard let code = json["code"]?.integerValue, let message = json["message"]?.stringValue else { return nil }
        self.init(code: code, message: message, data: json["data"])
    }

    /// The object in the app-server's key order: code, message, then data when present.
    public var json: JSONValue {
        var object: JSONObject = ["code": .integer(code), "message": .string(message)]
        if let data { object["data"] = data }
        return .object(object)
    }

    public var description: String { "JSON-RPC error \(code): \(message)" }
}

extension RPCErrorObject {
    /// The app-server reports every malformed request, unknown method and state error as -32600.
    public static let invalidRequestCode: Int64 = -32600
    /// Sent when the app-server's ingress queue is full; the request may be retried.
    public static let serverOverloadedCode: Int64 = -32001

    /// `-32600` with the given message.
    public static func invalidRequest(_ message: String, data: JSONValue? = nil) -> RPCErrorObject {
        RPCErrorObject(code: invalidRequestCode, message: message, data: data)
    }
}
