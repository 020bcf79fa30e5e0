import NIOCore

#if canImport(Glibc)
import Glibc
#endif

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

    /// The client sent FIN: an HTTP/1.1 client that half-closes has given up on the answer
    /// (no SDK does it while it still reads), so its turn ends and its slot is freed.
    var halfClosed: Bool { halfClose?.inputClosed ?? false }

    /// Resets the connection (SO_LINGER 0, so unsent data is dropped and the client sees RST at
    /// once, even with its receive buffer full): a blocked write then fails, so the writer returns.
    func cut() {
        guard let socket = channel as? any SocketOptionProvider else {
            channel.close(mode: .all, promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { [channel] _ in
            channel.close(mode: .all, promise: nil)
        }
    }
}
