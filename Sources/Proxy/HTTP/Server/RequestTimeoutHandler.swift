import Hummingbird
import NIOCore
import NIOHTTPTypes

/// Bounds how long a client may take to send a request: the head must be complete within
/// `headTimeout` of its first byte, and the body within `bodyTimeout` of the head. Each clock
/// runs over the whole head or body, so trickling one byte at a time does not extend it.
///
/// A late head closes the connection (no request exists to answer). A late body fails the body
/// stream with ``RequestBodyTimeout``, which the handler reading it answers with 408; the
/// connection is closed shortly after in any case. Idle keep-alive connections are closed by
/// hummingbird's own `idleTimeout`.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// No request in progress and no bytes of one seen.
        case waiting
        case readingHead
        case readingBody
        /// The request has been read; the response (bounded by the request timeout) is in progress.
        case responding
    }

    /// How long after a body timeout the connection is closed even if no response was written.
    static let closeGrace = TimeAmount.seconds(2)

    private let headTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var state = State.waiting
    private var bytesWhileResponding = false
    private var timer: Scheduled<Void>?

    init(headTimeout: Duration, bodyTimeout: Duration) {
        self.headTimeout = TimeAmount(headTimeout)
        self.bodyTimeout = TimeAmount(bodyTimeout)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesArrived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        switch state {
        case .waiting:
            startReadingHead(context: context)
        case .responding:
            bytesWhileResponding = true
        case .readingHead, .readingBody:
            break
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .readingBody
            schedule(bodyTimeout, context: context) { handler, context in handler.bodyTimedOut(context: context) }
        case .end:
            if case .readingBody = state {
                state = .responding
                cancelTimer()
            }
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), case .responding = state {
            state = .waiting
            if bytesWhileResponding {
                bytesWhileResponding = false
                startReadingHead(context: context)
            }
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    private func startReadingHead(context: ChannelHandlerContext) {
        state = .readingHead
        schedule(headTimeout, context: context) { _, context in context.close(promise: nil) }
    }

    private func bodyTimedOut(context: ChannelHandlerContext) {
        context.fireErrorCaught(RequestBodyTimeout(milliseconds: bodyTimeout.nanoseconds / 1_000_000))
        schedule(Self.closeGrace, context: context) { _, context in context.close(promise: nil) }
    }

    private func schedule(_ delay: TimeAmount, context: ChannelHandlerContext, _ action: @escaping (RequestTimeoutHandler, ChannelHandlerContext) -> Void) {
        cancelTimer()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            action(handler, context)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}

/// The request body did not arrive within `PROXY_HTTP_BODY_TIMEOUT_MS`.
struct RequestBodyTimeout: Error, Sendable {
    var milliseconds: Int64
}
