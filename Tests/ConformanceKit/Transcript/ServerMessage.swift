import CodexAppServer

/// A parsed `S>` line with what the comparator needs to know about it.
public struct ServerMessage: Sendable, Hashable {
    /// What kind of frame it is and the name it is matched by.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case response(RequestID)
        case error(RequestID?)
        case notification(String)
        /// A server→client request such as an approval.
        case request(String)
        /// A line that is not a JSON-RPC frame (garbage, truncated output).
        case unparsable

        public var description: String {
            switch self {
            case .response(let id): "response to id \(id.json)"
            case .error(let id): "error for id \(id?.json ?? .null)"
            case .notification(let method): "notification \(method)"
            case .request(let method): "server request \(method)"
            case .unparsable: "unparsable line"
            }
        }
    }

    public var kind: Kind
    /// The frame as parsed, key order kept; `nil` for unparsable lines.
    public var json: JSONValue?
    /// The raw line.
    public var line: String

    public init(line: String) {
        self.line = line
        guard let value = try? JSONParser().parse(line), let message = try? RPCMessage(json: value) else {
            kind = .unparsable
            json = nil
            return
        }
        json = value
        switch message {
        case .response(let response): kind = .response(response.id)
        case .error(let response): kind = .error(response.id)
        case .notification(let notification): kind = .notification(notification.method)
        case .request(let request): kind = .request(request.method)
        }
    }

    /// The notification or server-request method, if any.
    public var method: String? {
        switch kind {
        case .notification(let method), .request(let method): method
        default: nil
        }
    }
}
