/// Which side writes a frame; the two sides order the members of a request differently.
public enum RPCSender: Sendable {
    /// The proxy (or any client): requests are `{"id","method","params"}`.
    case client
    /// The app-server: server→client requests are `{"method","id","params"}`.
    case server
}

extension RPCMessage {
    /// The frame as a JSON object, in the member order the app-server uses (PROTOCOL.md §1).
    public func json(sender: RPCSender) -> JSONValue {
        switch self {
        case .request(let request):
            var object = JSONObject()
            switch sender {
            case .client:
                object["id"] = request.id.json
                object["method"] = .string(request.method)
            case .server:
                object["method"] = .string(request.method)
                object["id"] = request.id.json
            }
            if let params = request.params { object["params"] = params }
            return .object(object)
        case .notification(let notification):
            var object: JSONObject = ["method": .string(notification.method)]
            if let params = notification.params { object["params"] = params }
            if let emittedAtMs = notification.emittedAtMs { object["emittedAtMs"] = .integer(emittedAtMs) }
            return .object(object)
        case .response(let response):
            return ["id": response.id.json, "result": response.result]
        case .error(let response):
            return ["error": response.error.json, "id": response.id?.json ?? .null]
        }
    }

    /// The frame as one line of UTF-8 bytes, newline included.
    public func line(sender: RPCSender) -> [UInt8] {
        var bytes = json(sender: sender).jsonBytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
