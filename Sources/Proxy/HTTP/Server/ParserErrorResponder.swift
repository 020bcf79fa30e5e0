import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a malformed request head (headers over the parser's limits, control characters, a
/// bad request line) with an OpenAI-shaped 400 naming the problem, instead of hummingbird's
/// bare, empty 400.
///
/// Errors inside a body (a bad chunk size, a body cut short) reach the handler that reads the
/// body, which answers them itself; those pass through untouched. The replaced error goes on
/// as ``HTTPRequestRejected`` so that hummingbird closes the connection without a second answer.
final class ParserErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A request head has been passed on and its response is not finished.
    private var requestOpen = false
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requestOpen = true }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { requestOpen = false }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !requestOpen else {
            context.fireErrorCaught(error)
            return
        }
        if !answered {
            answered = true
            HTTPRejection.respond(.malformedHTTP(parserError), context: context)
        }
        context.fireErrorCaught(HTTPRequestRejected())
    }
}

/// A request refused inside the pipeline, already answered.
struct HTTPRequestRejected: Error, Sendable {}
