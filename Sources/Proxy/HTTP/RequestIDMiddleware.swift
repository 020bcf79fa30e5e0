import HTTPTypes
import Hummingbird

/// Keeps a well-formed inbound `X-Request-Id` or generates `req_<random>`, stores it in the
/// context and logger, echoes it on every response, and renders every error (thrown anywhere
/// below) in the OpenAI shape so that even a 404 carries the id.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = RequestIdentifier.accept(request.headers[.requestID]) ?? RequestIdentifier.generate()
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ProxyError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPError where error.status == .notFound {
            response = try ProxyError.routeNotFound(method: request.method.rawValue, path: request.uri.path).response(from: request, context: context)
        } catch let error as HTTPError where error.status == .methodNotAllowed {
            response = try ProxyError.methodNotAllowed(method: request.method.rawValue, path: request.uri.path).response(from: request, context: context)
        } catch {
            context.logger.error("request_failed", metadata: ["error": "\(error)"])
            response = try ProxyError.internalError.response(from: request, context: context)
        }
        response.headers[.requestID] = requestID
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
