import Hummingbird
import NIOHTTP1

/// Renders every error thrown below it as an OpenAI-shaped response (router 404/405 included)
/// and records it for the egress log and metrics. Anything unexpected becomes a logged 500.
struct ErrorRenderingMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.render(error, request: request, context: context)
        }
    }

    /// The response for `error`, recorded for the egress log and metrics (also used by
    /// middleware that must add headers to an error response).
    static func render(_ error: any Error, request: Request, context: Context) throws -> Response {
        let rendered = proxyError(for: error, request: request)
        if rendered == .internalError {
            context.logger.error("request_failed", metadata: ["error": "\(error)"])
        }
        context.observation.record(error: rendered)
        return try rendered.response(from: request, context: context)
    }

    static func proxyError(for error: any Error, request: Request) -> ProxyError {
        switch error {
        case let error as ProxyError:
            error
        case let error as HTTPError where error.status == .notFound:
            .routeNotFound(method: request.method.rawValue, path: request.uri.path)
        case let error as HTTPError where error.status == .methodNotAllowed:
            .methodNotAllowed(method: request.method.rawValue, path: request.uri.path)
        case let error as HTTPParserError:
            .malformedHTTP(error)
        case let timeout as RequestBodyTimeout:
            .requestBodyTimeout(afterMilliseconds: timeout.milliseconds)
        default:
            .internalError
        }
    }
}
