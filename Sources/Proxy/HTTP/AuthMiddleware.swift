import Hummingbird

/// Requires `Authorization: Bearer <PROXY_API_KEY>` on the API routes (constant-time comparison).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext
    let apiKey: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = ConstantTime.bearerToken(request.headers[.authorization]), ConstantTime.equals(token, apiKey) else {
            throw ProxyError.unauthorized
        }
        return try await next(request, context)
    }
}
