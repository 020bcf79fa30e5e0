import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// The API listener's HTTP/1.1 server: hummingbird's `HTTP1Channel` with its idle timeout,
/// the turn's half-close watcher (``ClientHalfCloseHandler``), plus the handlers it has no knob for: the request-head and body timeouts, the open-connection
/// cap with a clean 503, and malformed request heads answered as OpenAI-shaped JSON.
enum ProxyHTTPServer {
    static func builder(limits: ProxyConfiguration.InputLimits) -> HTTPServerBuilder {
        let counter = ConnectionCounter(limit: limits.maxConnections)
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                ConnectionLimitHandler(counter: counter, refusedWait: min(limits.requestHeadTimeout, .seconds(1))),
                ParserErrorResponder(),
                RequestTimeoutHandler(headTimeout: limits.requestHeadTimeout, bodyTimeout: limits.requestBodyTimeout),
                ClientHalfCloseHandler(),
            ],
            idleTimeout: TimeAmount(limits.idleTimeout)
        )
        return HTTPServerBuilder { responder in
            GuardedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

/// `HTTP1Channel` with ``RequestBytesWatcher`` in front of the HTTP decoder.
struct GuardedHTTP1Channel: ServerChildChannel {
    let http1: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestBytesWatcher())
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
