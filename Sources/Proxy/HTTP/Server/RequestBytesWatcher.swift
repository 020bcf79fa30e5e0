import NIOCore

/// Fired inbound by ``RequestBytesWatcher`` whenever bytes arrive, before they are decoded, so
/// that ``RequestTimeoutHandler`` can start the request-head clock at a head's first byte.
struct RequestBytesArrived: Sendable {}

/// The first handler of a connection's pipeline: passes bytes on unchanged and announces each
/// read with a ``RequestBytesArrived`` event (the HTTP decoder forwards user events).
final class RequestBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(RequestBytesArrived())
        context.fireChannelRead(data)
    }
}
