/// The limits of one API key; `0` means unlimited.
public struct KeyLimits: Sendable, Hashable {
    /// Requests admitted per minute (a token bucket of this size, refilled evenly).
    public var requestsPerMinute: Int
    /// Prompt + completion tokens per minute, debited from the worker's usage when a turn ends.
    public var tokensPerMinute: Int
    /// Requests in flight at once, from admission until the response body is fully written.
    public var maxConcurrent: Int

    public init(requestsPerMinute: Int = 0, tokensPerMinute: Int = 0, maxConcurrent: Int = 0) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.maxConcurrent = maxConcurrent
    }

    public static let unlimited = KeyLimits()

    /// The largest value any limit may take (keeps the arithmetic far from overflow).
    public static let maximum = 1_000_000_000
}

/// Limits a key (or the file's `defaults`) sets explicitly; `nil` fields fall back to the next level.
public struct KeyLimitOverrides: Sendable, Hashable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var maxConcurrent: Int?

    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, maxConcurrent: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.maxConcurrent = maxConcurrent
    }

    /// These overrides applied over `base`.
    public func applied(to base: KeyLimits) -> KeyLimits {
        KeyLimits(
            requestsPerMinute: requestsPerMinute ?? base.requestsPerMinute,
            tokensPerMinute: tokensPerMinute ?? base.tokensPerMinute,
            maxConcurrent: maxConcurrent ?? base.maxConcurrent
        )
    }
}
