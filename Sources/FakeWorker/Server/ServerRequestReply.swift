import CodexAppServer

/// The client's answer to a server→client request.
enum ServerRequestReply: Sendable {
    case result(JSONValue)
    case error(RPCErrorObject)
}

extension AsyncStream<ServerRequestReply> {
    /// The client's reply to a server request; throws `CancellationError` when the turn is
    /// cancelled first (an interrupt, stdin closed) or the request was abandoned.
    func firstReply() async throws -> ServerRequestReply {
        var reply: ServerRequestReply?
        for await answer in self {
            reply = answer
            break
        }
        guard let reply else { throw CancellationError() }
        try Task.checkCancellation()
        return reply
    }
}
