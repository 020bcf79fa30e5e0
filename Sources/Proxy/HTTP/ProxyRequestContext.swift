import Hummingbird
import Logging
import NIOCore

/// Per-request state threaded through the middleware chain.
public struct ProxyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request id echoed in `X-Request-Id`, every log line and the trace file name.
    public var requestID: String = ""
    /// Filled in by handlers, read by the observability middleware after the response.
    public var observation = RequestObservation()

    /// The client's connection, watched while a turn runs so that a client that goes away gets
    /// its turn interrupted.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are read by the handlers themselves against `PROXY_MAX_BODY_BYTES`.
    public var maxUploadSize: Int { .max }
}
