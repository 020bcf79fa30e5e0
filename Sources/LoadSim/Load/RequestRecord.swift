/// How a request ended, from the client's side. Everything but `unaccounted` is accounted for.
enum OutcomeKind: String, Sendable, CaseIterable, Codable {
    /// 200 with a complete body (JSON with choices, or an SSE stream ending in `[DONE]`).
    case success
    /// A clean error: JSON error body (or SSE error event) with a code, `retryable` on 5xx and
    /// `Retry-After` when retryable.
    case error
    /// The scenario's client disconnected on purpose (RST or FIN).
    case disconnect
    /// A client that stopped reading was cut off by the proxy.
    case cut
    /// A request started after the scenario sent SIGTERM to the proxy got no response (no listener, or its connection closed).
    case refused
    /// None of the above: a hang, a cut stream, a 5xx without `retryable`, a non-JSON error.
    case unaccounted
}

/// Why a request is unaccounted.
enum UnaccountedReason: String, Sendable, CaseIterable {
    case hang
    case streamCut = "stream_cut"
    case missingRetryable = "missing_retryable"
    case missingRetryAfter = "missing_retry_after"
    case nonJSONError = "non_json_error"
    case badBody = "bad_body"
    case connectionFailed = "connection_failed"
    case neverCut = "never_cut"
    case splitToolBlock = "split_tool_block"
}

/// One request as the client saw it; times in milliseconds since the load started.
struct RequestRecord: Sendable {
    var client: String
    var startMs: Double
    var endMs: Double
    var firstByteMs: Double?
    var firstTokenMs: Double?
    var status: Int?
    var outcome: OutcomeKind
    var code: String?
    var retryable: Bool?
    var detail: String?

    var totalMs: Double { endMs - startMs }
}
