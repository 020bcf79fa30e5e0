import HTTPTypes
import Hummingbird

/// Requires `Authorization: Bearer <key>` on the API routes, finds the key by its SHA-256 and
/// applies its limits before anything else (the global concurrency gate included).
///
/// An admitted request holds a ``KeyLease`` until its response body has been written (a stream
/// included) and gives it back on every path; the worker's usage for the turn is debited from
/// the key's token budget when it is recorded. Every response carries OpenAI's
/// `x-ratelimit-*` headers; a refusal is 429 `rate_limit_exceeded` with `Retry-After`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let registry: KeyRegistry
    let observer: KeyObserver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = ConstantTime.bearerToken(request.headers[.authorization]), let key = registry.authenticate(token) else {
            throw ProxyError.unauthorized
        }
        context.observation.record(keyName: key.name)
        var context = context
        context.logger[metadataKey: "key_name"] = .string(key.name)

        switch key.admit(at: registry.now, clock: registry.clock) {
        case .refused(let refusal):
            observer.rejected(key.name, refusal.kind)
            var response = try ErrorRenderingMiddleware.render(ProxyError.rateLimited(refusal, keyName: key.name), request: request, context: context)
            refusal.headers.apply(to: &response.headers)
            response.headers[Self.shouldRetry] = "true"
            observer.answered(key.name, Int(response.status.code))
            return response
        case .admitted(let lease, let headers):
            context.observation.onUsage { usage in lease.recordUsage(totalTokens: usage.promptTokens + usage.completionTokens) }
            var response: Response
            do {
                response = try await next(request, context)
            } catch {
                response = try ErrorRenderingMiddleware.render(error, request: request, context: context)
            }
            headers.apply(to: &response.headers)
            observer.answered(key.name, Int(response.status.code))
            response.body = response.body.onWriteFinished { lease.release() }
            return response
        }
    }

    static let shouldRetry = HTTPField.Name("x-should-retry")!
}
