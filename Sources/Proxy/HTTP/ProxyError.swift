import HTTPTypes
import Hummingbird
import OrderedJSON

/// An error answered in the OpenAI shape: `{"error":{"message","type","param","code","retryable"}}`,
/// with `Retry-After` when the client may try again.
public struct ProxyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var type: String
    public var code: String
    public var message: String
    public var param: String?
    /// Seconds for `Retry-After`; set exactly when the error is retryable.
    public var retryAfterSeconds: Int?

    public init(status: HTTPResponse.Status, type: String, code: String, message: String, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.type = type
        self.code = code
        self.message = message
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var isRetryable: Bool { retryAfterSeconds != nil }

    /// The body's `error` object; also the payload of an SSE error event.
    public var errorObject: JSONValue {
        [
            "message": .string(message),
            "type": .string(type),
            "param": param.map(JSONValue.string) ?? .null,
            "code": .string(code),
            "retryable": .bool(isRetryable),
        ]
    }

    public var description: String { "\(status.code) \(code): \(message)" }
}

extension ProxyError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: responseHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: responseBody)))
    }

    /// `Content-Type`, `Retry-After` when retryable, and `x-should-retry` agreeing with
    /// `retryable`, which the official OpenAI SDKs obey over their status-code defaults.
    var responseHeaders: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json", .shouldRetry: isRetryable ? "true" : "false"]
        if let retryAfterSeconds {
            headers[.retryAfter] = String(retryAfterSeconds)
        }
        return headers
    }

    /// `{"error": …}`.
    var responseBody: [UInt8] {
        JSONValue.object(["error": errorObject]).jsonBytes
    }

    /// At most 256 characters of client input, for quoting in an error message.
    static func quote(_ clientInput: some StringProtocol) -> String {
        let limit = 256
        guard clientInput.count > limit else { return String(clientInput) }
        return clientInput.prefix(limit) + "… (\(clientInput.utf8.count) bytes)"
    }
}

extension HTTPField.Name {
    /// `x-should-retry`: the OpenAI SDKs retry exactly when it says `true`.
    static let shouldRetry = HTTPField.Name("x-should-retry")!
}

extension ProxyError {
    // MARK: Client errors

    static func invalidRequest(_ message: String, param: String? = nil, code: String = "invalid_request") -> ProxyError {
        ProxyError(status: .badRequest, type: "invalid_request_error", code: code, message: message, param: param)
    }

    static func bodyTooLarge(limit: Int) -> ProxyError {
        ProxyError(
            status: .contentTooLarge, type: "invalid_request_error", code: "request_too_large",
            message: "The request body exceeds the limit of \(limit) bytes (PROXY_MAX_BODY_BYTES)."
        )
    }

    static func modelNotFound(_ model: String) -> ProxyError {
        ProxyError(
            status: .notFound, type: "invalid_request_error", code: "model_not_found",
            message: "The model `\(quote(model))` does not exist or you do not have access to it. See GET /v1/models.", param: "model"
        )
    }

    static let unauthorized = ProxyError(
        status: .unauthorized, type: "authentication_error", code: "invalid_api_key",
        message: "Missing or invalid API key. Send it as 'Authorization: Bearer <key>'."
    )

    static func routeNotFound(method: String, path: String) -> ProxyError {
        ProxyError(status: .notFound, type: "invalid_request_error", code: "not_found", message: "No route for \(quote(method)) \(quote(path)).")
    }

    static func methodNotAllowed(method: String, path: String) -> ProxyError {
        ProxyError(status: .methodNotAllowed, type: "invalid_request_error", code: "method_not_allowed", message: "\(quote(method)) is not allowed on \(quote(path)).")
    }

    // MARK: Retryable conditions

    static func maintenance(retryAfterSeconds: Int) -> ProxyError {
        ProxyError(
            status: .serviceUnavailable, type: "service_unavailable_error", code: "maintenance",
            message: "The service is in maintenance mode; retry later.", retryAfterSeconds: retryAfterSeconds
        )
    }

    static func workerUnavailable(state: String, retryAfterSeconds: Int) -> ProxyError {
        ProxyError(
            status: .serviceUnavailable, type: "service_unavailable_error", code: "worker_unavailable",
            message: "The Codex worker is not ready (\(state)); retry shortly.", retryAfterSeconds: retryAfterSeconds
        )
    }

    static let draining = ProxyError(
        status: .serviceUnavailable, type: "service_unavailable_error", code: "draining",
        message: "The proxy is shutting down; retry on another instance.", retryAfterSeconds: 5
    )

    static let concurrencyLimit = ProxyError(
        status: .tooManyRequests, type: "rate_limit_error", code: "concurrency_limit_exceeded",
        message: "All worker slots are busy and the wait queue is full or timed out; retry shortly.", retryAfterSeconds: 1
    )

    static func workerTimeout(afterMilliseconds: Int64) -> ProxyError {
        ProxyError(
            status: .gatewayTimeout, type: "timeout_error", code: "worker_timeout",
            message: "The Codex worker did not finish within \(afterMilliseconds) ms (PROXY_REQUEST_TIMEOUT_MS); the turn was interrupted.",
            retryAfterSeconds: 1
        )
    }

    static let workerCrashed = ProxyError(
        status: .badGateway, type: "upstream_error", code: "worker_crashed",
        message: "The Codex worker exited while handling this request; retry.", retryAfterSeconds: 1
    )

    static let workerOverloaded = ProxyError(
        status: .serviceUnavailable, type: "service_unavailable_error", code: "worker_overloaded",
        message: "The Codex worker is overloaded; retry later.", retryAfterSeconds: 2
    )

    static func workerError(_ message: String) -> ProxyError {
        ProxyError(status: .badGateway, type: "upstream_error", code: "worker_error", message: "The Codex worker rejected the request: \(message)")
    }

    /// Recorded (never sent) when the client went away before the response was complete.
    static let clientDisconnected = ProxyError(
        status: .init(code: 499, reasonPhrase: "Client Closed Request"), type: "client_error", code: "client_disconnected",
        message: "The client closed the connection."
    )

    static let internalError = ProxyError(
        status: .internalServerError, type: "server_error", code: "internal_error", message: "Internal error in codex-proxy."
    )
}
