import HTTPTypes
import Synchronization
import Testing

@testable import Proxy

/// A key's limiter on a hand-moved clock: admission order, honest waits, headers, token debt,
/// concurrency slots released exactly once on every path.
@Suite("Per-key limiter")
struct KeyLimiterTests {
    final class ManualClock: Sendable {
        private let reading = Mutex(Duration.zero)
        var clock: RateLimitClock { RateLimitClock { [self] in now } }
        func advance(_ duration: Duration) { reading.withLock { $0 += duration } }
        var now: Duration { reading.withLock { $0 } }
    }

    @Test("5 requests per minute: five admitted, the sixth refused until exactly one refill interval has passed")
    func requestsPerMinute() throws {
        let time = ManualClock()
        let key = KeyState(name: "a", limits: KeyLimits(requestsPerMinute: 5), now: time.now)
        var leases: [KeyLease] = []
        for _ in 0..<5 {
            guard case .admitted(let lease, _) = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused too early"); return }
            leases.append(lease)
        }
        time.advance(.seconds(2))
        guard case .refused(let refusal) = key.admit(at: time.now, clock: time.clock) else { Issue.record("sixth admitted"); return }
        #expect(refusal.kind == .requests)
        #expect(refusal.retryAfter == .seconds(10))
        #expect(refusal.retryAfterSeconds == 10)
        #expect(refusal.headers.requests == .init(limit: 5, remaining: 0, reset: .seconds(58)))
        time.advance(refusal.retryAfter - .nanoseconds(1))
        guard case .refused = key.admit(at: time.now, clock: time.clock) else { Issue.record("admitted before Retry-After"); return }
        time.advance(.nanoseconds(1))
        guard case .admitted = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused after Retry-After"); return }
    }

    @Test("tokens per minute: a turn's usage puts the bucket in debt and the key is refused until it is repaid")
    func tokensPerMinute() {
        let time = ManualClock()
        let key = KeyState(name: "t", limits: KeyLimits(tokensPerMinute: 120), now: time.now)
        guard case .admitted(let lease, let headers) = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused"); return }
        #expect(headers.tokens?.remaining == 120)
        #expect(headers.requests == nil)
        lease.recordUsage(totalTokens: 100)
        lease.recordUsage(totalTokens: 150)  // cumulative: only 50 more
        lease.release()
        guard case .refused(let refusal) = key.admit(at: time.now, clock: time.clock) else { Issue.record("admitted in debt"); return }
        #expect(refusal.kind == .tokens)
        #expect(refusal.retryAfter == .seconds(15.5))  // 31 tokens at 2 per second
        #expect(refusal.retryAfterSeconds == 16)
        #expect(refusal.headers.tokens?.remaining == -30)
        time.advance(.seconds(16))
        guard case .admitted = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused after repaying"); return }
    }

    @Test("max_concurrent: a slot comes back on release, and when a lease is dropped without release")
    func concurrency() {
        let time = ManualClock()
        let key = KeyState(name: "c", limits: KeyLimits(maxConcurrent: 1), now: time.now)
        guard case .admitted(let first, _) = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused"); return }
        guard case .refused(let refusal) = key.admit(at: time.now, clock: time.clock) else { Issue.record("second admitted"); return }
        #expect(refusal.kind == .concurrent)
        first.release()
        first.release()
        #expect(key.inFlight == 0)
        do {
            guard case .admitted = key.admit(at: time.now, clock: time.clock) else { Issue.record("refused after release"); return }
        }
        #expect(key.inFlight == 0, "a lease dropped unreleased gives its slot back")
    }

    @Test("a reload that shrinks a bucket keeps what was spent")
    func resizeKeepsSpending() {
        let time = ManualClock()
        let key = KeyState(name: "r", limits: KeyLimits(requestsPerMinute: 10), now: time.now)
        for _ in 0..<6 { _ = key.admit(at: time.now, clock: time.clock) }
        key.update(limits: KeyLimits(requestsPerMinute: 8), now: time.now)
        #expect(key.headers(at: time.now).requests?.remaining == 2)
        key.update(limits: .unlimited, now: time.now)
        #expect(key.headers(at: time.now).requests == nil)
    }

    @Test("headers are set as OpenAI names and writes them")
    func headerText() {
        let headers = RateLimitHeaders(
            requests: .init(limit: 5, remaining: 0, reset: .milliseconds(11_999) + .nanoseconds(1)),
            tokens: .init(limit: 100, remaining: -3, reset: .seconds(90))
        )
        var fields = HTTPFields()
        headers.apply(to: &fields)
        #expect(fields[HTTPField.Name("x-ratelimit-limit-requests")!] == "5")
        #expect(fields[HTTPField.Name("x-ratelimit-remaining-requests")!] == "0")
        #expect(fields[HTTPField.Name("x-ratelimit-reset-requests")!] == "12s")
        #expect(fields[HTTPField.Name("x-ratelimit-remaining-tokens")!] == "0")
        #expect(fields[HTTPField.Name("x-ratelimit-reset-tokens")!] == "1m30s")
        #expect(RateLimitHeaders.resetText(.milliseconds(250)) == "250ms")
        #expect(RateLimitHeaders.resetText(.milliseconds(12_500)) == "12.5s")
        #expect(RateLimitHeaders.resetText(.zero) == "0ms")
    }
}
