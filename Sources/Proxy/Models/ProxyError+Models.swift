import OrderedJSON

extension ProxyError {
    /// `/v1/models` before the worker has listed its models once (PROXY_MODELS unset).
    static let modelsUnavailable = ProxyError(
        status: .serviceUnavailable, type: "service_unavailable_error", code: "models_unavailable",
        message: "The model list is not available yet: the Codex worker has not listed its models; retry shortly.", retryAfterSeconds: 1
    )
}

extension ModelList {
    /// One model object, as `GET /v1/models/{id}` returns it.
    static func object(id: String, created: Int64) -> JSONValue {
        ["id": .string(id), "object": "model", "created": .integer(created), "owned_by": "codex-proxy"]
    }
}
