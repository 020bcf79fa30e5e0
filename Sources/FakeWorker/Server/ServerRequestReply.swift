import CodexAppServer

/// The client's answer to a server→client request.
enum ServerRequestReply: Sendable {
    case result(JSONValue)
    case error(RPCErrorObject)
}
