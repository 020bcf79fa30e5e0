import CodexAppServer

extension ProxyError {
    /// The client-facing error for a turn the worker reported as failed, by `codexErrorInfo`.
    static func turnFailed(_ error: TurnError?) -> ProxyError {
        let message = error?.message ?? "The turn failed without details."
        switch error?.codexErrorInfo {
        case "contextWindowExceeded":
            return ProxyError(
                status: .badRequest, type: "invalid_request_error", code: "context_length_exceeded",
                message: "The conversation exceeds the model's context window: \(message)", param: "messages"
            )
        case "badRequest":
            return ProxyError(status: .badRequest, type: "invalid_request_error", code: "upstream_bad_request", message: message)
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
