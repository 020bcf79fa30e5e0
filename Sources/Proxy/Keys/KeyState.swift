import Synchronization

/// One configured key's live limiter state: its request and token buckets and the requests it
/// has in flight. Kept across reloads while the key keeps its name, so rotating a key's hash
/// does not hand out a fresh budget; memory is bounded by the number of configured keys.
public final class KeyState: Sendable {
    /// The configured name: the `key_name` log field and the `key` metric label.
    public let name: String
    private let counters: Mutex<Counters>

    struct Counters {
        var limits: KeyLimits
        var requests: TokenBucket?
        var tokens: TokenBucket?
        var inFlight = 0
    }

    /// The outcome of ``admit(at:)``.
    public enum Admission: Sendable {
        /// Admitted: `lease` holds the concurrency slot until released.
        case admitted(KeyLease, RateLimitHeaders)
        case refused(RateLimitRefusal)
    }

    init(name: String, limits: KeyLimits, now: Duration) {
        self.name = name
        var counters = Counters(limits: limits)
        Self.resize(&counters, to: limits, now: now)
        self.counters = Mutex(counters)
    }

    public var limits: KeyLimits { counters.withLock { $0.limits } }

    /// Requests of this key currently admitted and not yet finished.
    public var inFlight: Int { counters.withLock { $0.inFlight } }

    /// Admits one request when every limit allows it (taking one request token and one
    /// concurrency slot), else says which limit refused and for how long.
    public func admit(at now: Duration, clock: RateLimitClock) -> Admission {
        counters.withLock { counters -> Admission in
            counters.requests?.refill(to: now)
            counters.tokens?.refill(to: now)
            if let bucket = counters.requests, bucket.available(at: now) < 1 {
                return .refused(refusal(.requests, limit: bucket.capacity, retryAfter: bucket.waitUntilAvailable(1, at: now), counters, now))
            }
            if let bucket = counters.tokens, bucket.available(at: now) < 1 {
                return .refused(refusal(.tokens, limit: bucket.capacity, retryAfter: bucket.waitUntilAvailable(1, at: now), counters, now))
            }
            let maximum = counters.limits.maxConcurrent
            if maximum > 0, counters.inFlight >= maximum {
                return .refused(refusal(.concurrent, limit: maximum, retryAfter: .seconds(1), counters, now))
            }
            _ = counters.requests?.take(1, at: now)
            counters.inFlight += 1
            return .admitted(KeyLease(key: self, clock: clock), Self.headers(counters, now))
        }
    }

    /// Gives back one concurrency slot (called once per lease).
    func release() {
        counters.withLock { $0.inFlight = max(0, $0.inFlight - 1) }
    }

    /// Spends `tokens` from the token bucket, into debt if need be.
    func debit(tokens: Int, at now: Duration) {
        counters.withLock { $0.tokens?.debit(tokens, at: now) }
    }

    /// The headers as they stand now.
    public func headers(at now: Duration) -> RateLimitHeaders {
        counters.withLock { Self.headers($0, now) }
    }

    /// New limits from a reload; what was spent stays spent (a bucket never grows past its new size).
    func update(limits: KeyLimits, now: Duration) {
        counters.withLock { Self.resize(&$0, to: limits, now: now) }
    }

    private func refusal(_ kind: RateLimitKind, limit: Int, retryAfter: Duration, _ counters: Counters, _ now: Duration) -> RateLimitRefusal {
        RateLimitRefusal(kind: kind, limit: limit, retryAfter: retryAfter, headers: Self.headers(counters, now))
    }

    private static func headers(_ counters: Counters, _ now: Duration) -> RateLimitHeaders {
        func window(_ bucket: TokenBucket?) -> RateLimitHeaders.Window? {
            bucket.map { .init(limit: $0.capacity, remaining: $0.available(at: now), reset: $0.waitUntilFull(at: now)) }
        }
        return RateLimitHeaders(requests: window(counters.requests), tokens: window(counters.tokens))
    }

    private static func resize(_ counters: inout Counters, to limits: KeyLimits, now: Duration) {
        counters.limits = limits
        counters.requests = resized(counters.requests, capacity: limits.requestsPerMinute, now: now)
        counters.tokens = resized(counters.tokens, capacity: limits.tokensPerMinute, now: now)
    }

    /// A bucket of the new capacity carrying over what was spent from `bucket`.
    private static func resized(_ bucket: TokenBucket?, capacity: Int, now: Duration) -> TokenBucket? {
        guard capacity > 0 else { return nil }
        if let bucket, bucket.capacity == capacity { return bucket }
        var fresh = TokenBucket(capacity: capacity, now: now)
        if let bucket {
            let spent = bucket.capacity - bucket.available(at: now)
            if spent > 0 { fresh.debit(spent, at: now) }
        }
        return fresh
    }
}

/// One admitted request's hold on its key: the concurrency slot, released exactly once (when
/// the response body has been written, or when the response is dropped unwritten), and the
/// token debit for the usage the worker reported.
public final class KeyLease: Sendable {
    public let key: KeyState
    private let clock: RateLimitClock
    private let state = Mutex(State())

    private struct State {
        var released = false
        var debited: Int64 = 0
    }

    init(key: KeyState, clock: RateLimitClock) {
        self.key = key
        self.clock = clock
    }

    /// Debits the part of `totalTokens` (the turn's cumulative prompt + completion tokens) not
    /// debited yet, so a usage recorded twice is counted once.
    public func recordUsage(totalTokens: Int64) {
        let delta = state.withLock { state -> Int64 in
            let delta = max(0, totalTokens - state.debited)
            state.debited += delta
            return delta
        }
        if delta > 0 { key.debit(tokens: Int(clamping: delta), at: clock.now()) }
    }

    /// Frees the concurrency slot; later calls do nothing.
    public func release() {
        let first = state.withLock { state -> Bool in
            defer { state.released = true }
            return !state.released
        }
        if first { key.release() }
    }

    deinit {
        release()
    }
}
