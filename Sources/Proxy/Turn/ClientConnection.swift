import NIOCore

/// The client's side of one request, as a turn sees it: whether the client is still there, and
/// the means to cut it off when it stops reading or outlives the deadline.
struct ClientConnection: Sendable {
    let channel: any Channel
    /// Present when the pipeline has one (the API listener installs it).
    let halfClose: ClientHalfCloseHandler?

    /// Finds the pipeline's half-close handler, if any.
    static func of(_ channel: any Channel) async -> ClientConnection {
        let handler = try? await channel.pipeline.handler(type: ClientHalfCloseHandler.self).get()
        return ClientConnection(channel: channel, halfClose: handler)
    }

    /// The connection was reset or closed.
    var isClosed: Bool { !channel.isActive }

    /// The client sent FIN: for a request whose whole answer comes at the end, nobody waits for it.
    var halfClosed: Bool { halfClose?.inputClosed ?? false }

    /// Closes the connection: a blocked write then fails, so the writer returns.
    func cut() {
        channel.close(mode: .all, promise: nil)
    }
}
