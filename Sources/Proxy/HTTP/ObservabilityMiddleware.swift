import HTTPTypes
import Hummingbird
import Logging

/// Logs `request_received` and, once the whole response (a stream included) is written,
/// `request_completed` with route, status, model, latency and tokens; then reports the same
/// observation to the request observer (metrics).
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let observer: RequestObserver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var ingress: Logger.Metadata = ["method": .string(request.method.rawValue), "path": .string(request.uri.path)]
        if let userAgent = request.headers[.userAgent] { ingress["user_agent"] = .string(String(userAgent.prefix(256))) }
        context.logger.debug("request_received", metadata: ingress)

        var response = try await next(request, context)
        let status = response.status
        response.body = response.body.onWriteFinished {
            let latency = ContinuousClock.now - started
            let completed = CompletedRequest(
                route: context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched",
                method: request.method.rawValue,
                status: status.code,
                observation: context.observation.snapshot,
                latency: latency
            )
            context.logger.log(level: status.code >= 500 ? .warning : .info, "request_completed", metadata: completed.logMetadata)
            observer.requestCompleted(completed)
        }
        return response
    }
}

extension ResponseBody {
    /// This body, calling `completion` once it has been written or its writing failed.
    func onWriteFinished(_ completion: @escaping @Sendable () -> Void) -> ResponseBody {
        let original = self
        return ResponseBody(contentLength: contentLength) { writer in
            do {
                try await original.write(writer)
            } catch {
                completion()
                throw error
            }
            completion()
        }
    }
}

/// One finished request, as logged and measured.
public struct CompletedRequest: Sendable {
    public var route: String
    public var method: String
    public var status: Int
    var observation: RequestObservation.Values
    public var latency: Duration

    /// A completed request as the middleware records it (public for benchmarks of the
    /// observation path).
    public init(route: String, method: String, status: Int, model: String?, usage: ChatUsage?, errorCode: String?, latency: Duration) {
        self.init(
            route: route, method: method, status: status,
            observation: RequestObservation.Values(model: model, usage: usage, errorCode: errorCode, retryable: nil, outcome: nil), latency: latency
        )
    }

    init(route: String, method: String, status: Int, observation: RequestObservation.Values, latency: Duration) {
        self.route = route
        self.method = method
        self.status = status
        self.observation = observation
        self.latency = latency
    }

    /// `2xx` … `5xx`.
    public var statusFamily: String { "\(status / 100)xx" }
    /// The advertised model, `other`, or `none` for routes without a model.
    public var modelLabel: String { observation.model ?? "none" }

    /// The fields of its `request_completed` log line.
    public var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "route": .string(route), "method": .string(method), "status": .stringConvertible(status),
            "latency_ms": .stringConvertible((latency.fractionalMilliseconds * 1000).rounded() / 1000),
        ]
        if let model = observation.model { metadata["model"] = .string(model) }
        if let keyName = observation.keyName { metadata["key_name"] = .string(keyName) }
        if let usage = observation.usage {
            metadata["tokens_prompt"] = .stringConvertible(usage.promptTokens)
            metadata["tokens_response"] = .stringConvertible(usage.completionTokens)
        }
        if let code = observation.errorCode { metadata["error_code"] = .string(code) }
        if let retryable = observation.retryable { metadata["retryable"] = .stringConvertible(retryable) }
        if let outcome = observation.outcome { metadata["outcome"] = .string(outcome) }
        if let calls = observation.functionCalls { metadata["function_calls"] = .stringConvertible(calls) }
        return metadata
    }
}

/// Receives every completed request (metrics hook).
public struct RequestObserver: Sendable {
    public var requestCompleted: @Sendable (CompletedRequest) -> Void

    public init(requestCompleted: @escaping @Sendable (CompletedRequest) -> Void = { _ in }) {
        self.requestCompleted = requestCompleted
    }
}
