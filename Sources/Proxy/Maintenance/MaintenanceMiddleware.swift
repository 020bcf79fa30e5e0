import Hummingbird

/// While maintenance mode is on, answers the API routes with 503, `Retry-After` and `retryable:true`.
struct MaintenanceMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let mode: MaintenanceMode
    let retryAfterSeconds: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if mode.isEnabled {
            throw ProxyError.maintenance(retryAfterSeconds: retryAfterSeconds)
        }
        return try await next(request, context)
    }
}
