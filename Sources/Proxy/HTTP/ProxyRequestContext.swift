import Hummingbird
import Logging

/// Per-request state threaded through the middleware chain.
public struct ProxyRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request id echoed in `X-Request-Id`, every log line and the trace file name.
    public var requestID: String = ""
    /// The advertised model the request asked for, or `other`; set by the chat handler.
    public var modelLabel: String?
    /// Token counts of a finished turn, for the egress log.
    public var usage: ChatUsage?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Bodies are read by the handlers themselves against `PROXY_MAX_BODY_BYTES`.
    public var maxUploadSize: Int { .max }
}
