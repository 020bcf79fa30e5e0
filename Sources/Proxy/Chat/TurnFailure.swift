import CodexAppServer
import OrderedJSON

extension ProxyError {
    /// The client-facing error for a turn the worker reported as failed, by `codexErrorInfo`.
    ///
    /// Failures the request caused answer 4xx without `retryable`, as an OpenAI client expects:
    /// `badRequest`, `contextWindowExceeded`, `cyberPolicy`, and an upstream 400 that codex
    /// reports as `other` with the upstream's OpenAI error body as its message.
    static func turnFailed(_ error: TurnError?) -> ProxyError {
        let message = quote(error?.message ?? "The turn failed without details.")
        if let upstream = error.flatMap(UpstreamRequestError.init) {
            return upstream.proxyError
        }
        switch error?.codexErrorInfo {
        case "contextWindowExceeded":
            return ProxyError(
                status: .badRequest, type: "invalid_request_error", code: "context_length_exceeded",
                message: "The conversation exceeds the model's context window: \(message)", param: "messages"
            )
        case "badRequest":
            return ProxyError(status: .badRequest, type: "invalid_request_error", code: "upstream_bad_request", message: message)
        case "cyberPolicy":
            return ProxyError(status: .badRequest, type: "invalid_request_error", code: "content_policy_violation", message: message)
        case "usageLimitExceeded":
            return ProxyError(status: .tooManyRequests, type: "insufficient_quota", code: "usage_limit_exceeded", message: message)
        case "unauthorized":
            return ProxyError(status: .badGateway, type: "upstream_error", code: "upstream_unauthorized", message: message)
        case "serverOverloaded":
            return ProxyError(
                status: .serviceUnavailable, type: "service_unavailable_error", code: "upstream_overloaded", message: message, retryAfterSeconds: 5
            )
        case "internalServerError", "httpConnectionFailed", "responseStreamDisconnected", "responseTooManyFailedAttempts":
            return ProxyError(status: .badGateway, type: "upstream_error", code: "upstream_unavailable", message: message, retryAfterSeconds: 2)
        default:
            return ProxyError(status: .badGateway, type: "upstream_error", code: "turn_failed", message: message)
        }
    }

    /// The client-facing error for a failed worker call during turn setup.
    static func fromWorker(_ error: WorkerError) -> ProxyError {
        switch error {
        case .exited:
            return .workerCrashed
        case .unavailable(let state):
            return state == .draining ? .draining : .workerUnavailable(state: state.rawValue, retryAfterSeconds: 1)
        case .rpc(let rpc) where rpc.code == RPCErrorObject.serverOverloadedCode:
            return .workerOverloaded
        case .rpc(let rpc):
            return .workerError(rpc.message)
        case .malformedResult:
            return .workerError(error.description)
        }
    }
}

/// An upstream 400 that codex passed on as `codexErrorInfo: other` with the Responses API's
/// error body (`{"error": {"message", "type": "invalid_request_error", "code"}}`) as its message.
struct UpstreamRequestError {
    var message: String
    var code: String

    init?(_ error: TurnError) {
        guard error.codexErrorInfo == nil || error.codexErrorInfo == "other", error.message.utf8.count <= 65_536,
            let body = try? JSONParser().parse(Array(error.message.utf8)), let object = body["error"],
            object["type"]?.stringValue == "invalid_request_error"
        else { return nil }
        self.message = ProxyError.quote(object["message"]?.stringValue ?? "The upstream model API rejected the request.")
        let code = object["code"]?.stringValue ?? ""
        let safe = !code.isEmpty && code.utf8.count <= 64 && code.utf8.allSatisfy { $0 == UInt8(ascii: "_") || (97...122).contains($0) || (48...57).contains($0) }
        self.code = safe ? code : "upstream_bad_request"
    }

    var proxyError: ProxyError {
        if code == "context_length_exceeded" {
            return ProxyError(status: .badRequest, type: "invalid_request_error", code: code, message: message, param: "messages")
        }
        return ProxyError(status: .badRequest, type: "invalid_request_error", code: code, message: message)
    }
}
