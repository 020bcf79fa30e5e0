import HTTPTypes

/// Which limit refused a request; the `kind` label of `codex_ratelimit_rejected_total`.
public enum RateLimitKind: String, Sendable, CaseIterable {
    case requests, tokens, concurrent
}

/// OpenAI's rate-limit headers for one key at one moment: `x-ratelimit-limit-requests`,
/// `-remaining-requests`, `-reset-requests` and the same for `-tokens`. A limit that is
/// unlimited (0) sends none of its three headers rather than a made-up number.
public struct RateLimitHeaders: Sendable, Equatable {
    /// One limit's state.
    public struct Window: Sendable, Equatable {
        public var limit: Int
        /// Whole units left now (never below 0 in the header).
        public var remaining: Int
        /// Until the bucket is full again.
        public var reset: Duration
    }

    public var requests: Window?
    public var tokens: Window?

    /// Sets the headers on `fields`, replacing any that are there.
    public func apply(to fields: inout HTTPFields) {
        for (suffix, window) in [("requests", requests), ("tokens", tokens)] {
            guard let window else { continue }
            fields[HTTPField.Name("x-ratelimit-limit-\(suffix)")!] = String(window.limit)
            fields[HTTPField.Name("x-ratelimit-remaining-\(suffix)")!] = String(max(0, window.remaining))
            fields[HTTPField.Name("x-ratelimit-reset-\(suffix)")!] = Self.resetText(window.reset)
        }
    }

    /// A duration as OpenAI writes it: `250ms`, `12s`, `12.5s`, `1m30s`, rounded up to the millisecond.
    public static func resetText(_ duration: Duration) -> String {
        let nanoseconds = TokenBucket.nanoseconds(duration)
        let milliseconds = Int64(max(0, (nanoseconds + 999_999) / 1_000_000))
        if milliseconds < 1_000 { return "\(milliseconds)ms" }
        let minutes = milliseconds / 60_000
        let rest = milliseconds % 60_000
        let seconds = rest % 1_000 == 0 ? "\(rest / 1_000)" : Self.decimalSeconds(rest)
        return minutes > 0 ? "\(minutes)m\(seconds)s" : "\(seconds)s"
    }

    private static func decimalSeconds(_ milliseconds: Int64) -> String {
        var fraction = String(milliseconds % 1_000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(milliseconds / 1_000).\(fraction)"
    }
}

/// A refused admission: which limit, when to come back, and the headers at that moment.
public struct RateLimitRefusal: Sendable, Equatable {
    public var kind: RateLimitKind
    public var limit: Int
    /// The time until enough budget returns.
    public var retryAfter: Duration
    public var headers: RateLimitHeaders

    /// `Retry-After` in whole seconds, rounded up (at least 1), so a client that waits it out gets in.
    public var retryAfterSeconds: Int {
        let nanoseconds = TokenBucket.nanoseconds(retryAfter)
        return max(1, Int((nanoseconds + 999_999_999) / 1_000_000_000))
    }
}
