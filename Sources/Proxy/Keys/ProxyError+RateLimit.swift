extension ProxyError {
    /// 429 `rate_limit_exceeded` as OpenAI sends it: `type` is `requests`, `tokens` (or
    /// `concurrent`), the message names the limit, and `Retry-After` is honest.
    static func rateLimited(_ refusal: RateLimitRefusal, keyName: String) -> ProxyError {
        let what =
            switch refusal.kind {
            case .requests: "requests per minute (type: requests): limit \(refusal.limit)"
            case .tokens: "tokens per minute (type: tokens): limit \(refusal.limit), spent by finished turns"
            case .concurrent: "concurrent requests (type: concurrent): limit \(refusal.limit) in flight"
            }
        return ProxyError(
            status: .tooManyRequests, type: refusal.kind.rawValue, code: "rate_limit_exceeded",
            message: "Rate limit reached for key '\(keyName)' on \(what). Please try again in \(refusal.retryAfterSeconds)s.",
            retryAfterSeconds: refusal.retryAfterSeconds
        )
    }
}
