/// One app-server frame, classified by which keys it has (PROTOCOL.md §1), never by `id` alone.
///
/// The same shapes flow both ways: a ``request`` read by the proxy is a server→client request
/// (an approval), and a ``response`` read by the app-server answers one of those.
public enum RPCMessage: Sendable, Hashable {
    /// `id` + `method`: a call that expects exactly one response or error.
    case request(RPCRequest)
    /// `method` without `id`: fire-and-forget.
    case notification(RPCNotification)
    /// `id` + `result`.
    case response(RPCResponse)
    /// `id` + `error`.
    case error(RPCErrorResponse)
}

/// `{"id","method","params"?}`.
public struct RPCRequest: Sendable, Hashable {
    public var id: RequestID
    public var method: String
    public var params: JSONValue?

    public init(id: RequestID, method: String, params: JSONValue? = nil) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// `{"method","params"?,"emittedAtMs"?}`.
public struct RPCNotification: Sendable, Hashable {
    public var method: String
    public var params: JSONValue?
    /// The emission time the app-server (0.163.0 and later) stamps on every notification.
    public var emittedAtMs: Int64?

    public init(method: String, params: JSONValue? = nil, emittedAtMs: Int64? = nil) {
        self.method = method
        self.params = params
        self.emittedAtMs = emittedAtMs
    }
}

/// `{"id","result"}`.
public struct RPCResponse: Sendable, Hashable {
    public var id: RequestID
    public var result: JSONValue

    public init(id: RequestID, result: JSONValue) {
        self.id = id
        self.result = result
    }
}

/// `{"error":{"code","message","data"?},"id"}`.
public struct RPCErrorResponse: Sendable, Hashable {
    /// `nil` only when the peer could not determine the id it answers.
    public var id: RequestID?
    public var error: RPCErrorObject

    public init(id: RequestID?, error: RPCErrorObject) {
        self.id = id
        self.error = error
    }
}

/// Why a line is not an app-server frame. The app-server drops such lines without a reply.
public enum RPCClassificationError: Error, Sendable, Hashable, CustomStringConvertible {
    case notJSON(JSONParseError)
    case notAnObject(typeName: String)
    case invalidID(JSONValue)
    case invalidMethod(JSONValue)
    case invalidError(JSONValue)
    case unrecognizedShape(keys: [String])

    public var description: String {
        switch self {
        case .notJSON(let error): "not JSON: \(error)"
        case .notAnObject(let typeName): "expected a JSON object, found \(typeName)"
        case .invalidID(let id): "id must be a string or an integer, found \(id)"
        case .invalidMethod(let method): "method must be a string, found \(method)"
        case .invalidError(let error): "error must be an object with integer code and string message, found \(error)"
        case .unrecognizedShape(let keys): "no id/method/result/error combination in keys \(keys)"
        }
    }
}

extension RPCMessage {
    /// Parses and classifies one line (without its newline).
    public init(line: some Collection<UInt8>, parser: JSONParser = JSONParser()) throws(RPCClassificationError) {
        let value: JSONValue
        do {
            value = try parser.parse(line)
        } catch {
            throw .notJSON(error)
        }
        try self.init(json: value)
    }

    /// Classifies a parsed frame. Unknown extra members (such as `jsonrpc` or `trace`) are ignored.
    public init(json: JSONValue) throws(RPCClassificationError) {
        guard case .object(let object) = json else { throw .notAnObject(typeName: json.typeName) }
        let id: RequestID?
        if let rawID = object["id"] {
            guard let parsed = RequestID(json: rawID) else {
                // An error response may carry `"id": null` when the peer could not read the id.
                guard rawID.isNull, let errorValue = object["error"] else { throw .invalidID(rawID) }
                guard let error = RPCErrorObject(json: errorValue) else { throw .invalidError(errorValue) }
                self = .error(RPCErrorResponse(id: nil, error: error))
                return
            }
            id = parsed
        } else {
            id = nil
        }

        if let rawMethod = object["method"] {
            guard let method = rawMethod.stringValue else { throw .invalidMethod(rawMethod) }
            if let id {
                self = .request(RPCRequest(id: id, method: method, params: object["params"]))
            } else {
                self = .notification(
                    RPCNotification(method: method, params: object["params"], emittedAtMs: object["emittedAtMs"]?.integerValue)
                )
            }
            return
        }
        if let id, let result = object["result"] {
            self = .response(RPCResponse(id: id, result: result))
            return
        }
        if let id, let errorValue = object["error"] {
            guard let error = RPCErrorObject(json: errorValue) else { throw .invalidError(errorValue) }
            self = .error(RPCErrorResponse(id: id, error: error))
            return
        }
        throw .unrecognizedShape(keys: Array(object.keys))
    }
}
