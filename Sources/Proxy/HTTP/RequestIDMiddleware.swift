import HTTPTypes
import Hummingbird

/// Keeps a well-formed inbound `X-Request-Id` or generates `req_<random>`, stores it in the
/// context and the logger, and echoes it on every response.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = ProxyRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = RequestIdentifier.accept(request.headers[.requestID]) ?? RequestIdentifier.generate()
        context.requestID = requestID
        context.logger[metadataKey: "request_id"] = .string(requestID)
        context.logger[metadataKey: "component"] = "http"
        var response = try await next(request, context)
        response.headers[.requestID] = requestID
        return response
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
