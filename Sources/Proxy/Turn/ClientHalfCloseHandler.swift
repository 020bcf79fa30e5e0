import NIOCore
import Synchronization

/// Notes when the client half-closes its side of the connection (sends FIN).
///
/// The server allows remote half-closure, so a FIN keeps the channel active and
/// `Channel.isActive` cannot tell; this handler sits in the HTTP pipeline and records the
/// `inputClosed` event for the request's turn to read through ``ClientConnection``.
final class ClientHalfCloseHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    private let closed = Atomic(false)

    init() {}

    /// Whether the client has sent FIN.
    var inputClosed: Bool { closed.load(ordering: .acquiring) }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            closed.store(true, ordering: .releasing)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
