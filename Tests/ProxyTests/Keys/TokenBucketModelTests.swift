import Proxy
import TestSupport
import Testing

/// The token bucket (closed-form refill on nanoseconds) against a reference model that refills
/// one millisecond at a time, over random operations at random simulated times.
@Suite("Token bucket against a reference model")
struct TokenBucketModelTests {
    /// The reference: level in 1/60,000 token, stepped one millisecond at a time (each step adds
    /// `capacity` units, capped at full); waits are found by stepping until the level suffices.
    struct ReferenceBucket {
        static let unitsPerToken = 60_000
        let capacity: Int
        var level: Int

        init(capacity: Int) {
            self.capacity = capacity
            self.level = capacity * Self.unitsPerToken
        }

        var full: Int { capacity * Self.unitsPerToken }

        mutating func advance(milliseconds: Int) {
            for _ in 0..<milliseconds { level = min(full, level + capacity) }
        }

        var available: Int { Int((Double(level) / Double(Self.unitsPerToken)).rounded(.down)) }

        mutating func take(_ tokens: Int) -> Bool {
            guard level >= tokens * Self.unitsPerToken else { return false }
            level -= tokens * Self.unitsPerToken
            return true
        }

        mutating func debit(_ tokens: Int) { level -= tokens * Self.unitsPerToken }

        func millisecondsUntil(level target: Int) -> Int {
            var copy = self
            var steps = 0
            while copy.level < target {
                copy.advance(milliseconds: 1)
                steps += 1
            }
            return steps
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        return (nanoseconds + 999_999) / 1_000_000
    }

    @Test("random takes, debits and waits agree with the millisecond-stepped reference", arguments: [UInt64(1), 2, 3, 42, 20_261_203])
    func agreesWithReference(seed: UInt64) {
        var random = SplitMix(seed: seed)
        let capacity = [1, 5, 7, 60, 600, 1_000][Int.random(in: 0..<6, using: &random)]
        var bucket = TokenBucket(capacity: capacity, now: .zero)
        var reference = ReferenceBucket(capacity: capacity)
        var now = 0
        var refused = 0
        var admitted = 0
        for step in 0..<300 {
            let advance = [0, 1, 3, 17, 250, 999, 4_000, 12_000][Int.random(in: 0..<8, using: &random)]
            now += advance
            reference.advance(milliseconds: advance)
            let instant = Duration.milliseconds(now)
            switch Int.random(in: 0..<4, using: &random) {
            case 0, 1:
                let tokens = Int.random(in: 1...max(1, capacity / 2), using: &random)
                let took = bucket.take(tokens, at: instant)
                #expect(took == reference.take(tokens), "step \(step): take \(tokens)")
                if took { admitted += 1 } else { refused += 1 }
            case 2 where reference.level > -reference.full:
                // Debt stays above one bucket, so the stepped reference's waits stay short.
                let tokens = Int.random(in: 0...capacity, using: &random)
                bucket.debit(tokens, at: instant)
                reference.debit(tokens)
            case 2:
                continue
            default:
                let wanted = Int.random(in: 1...capacity, using: &random)
                #expect(
                    Self.milliseconds(bucket.waitUntilAvailable(wanted, at: instant))
                        == reference.millisecondsUntil(level: wanted * ReferenceBucket.unitsPerToken),
                    "step \(step): wait for \(wanted)"
                )
                #expect(Self.milliseconds(bucket.waitUntilFull(at: instant)) == reference.millisecondsUntil(level: reference.full), "step \(step): until full")
            }
            #expect(bucket.available(at: instant) == reference.available, "step \(step): available")
        }
        // Both outcomes occurred, so the comparison exercised refusals as well as admissions.
        #expect(admitted > 0 && refused > 0)
    }

    @Test("waiting exactly the reported time makes the tokens available, one nanosecond less does not")
    func waitIsExact() {
        var bucket = TokenBucket(capacity: 7, now: .zero)
        let tookAll = bucket.take(7, at: .zero)
        #expect(tookAll)
        bucket.debit(3, at: .seconds(1))
        let wait = bucket.waitUntilAvailable(2, at: .seconds(1))
        var early = bucket
        let tookEarly = early.take(2, at: .seconds(1) + wait - .nanoseconds(1))
        let tookOnTime = bucket.take(2, at: .seconds(1) + wait)
        #expect(!tookEarly)
        #expect(tookOnTime)
    }

    @Test("a clock reading in the past changes nothing")
    func pastReadingIgnored() {
        var bucket = TokenBucket(capacity: 60, now: .seconds(10))
        let tookAll = bucket.take(60, at: .seconds(10))
        #expect(tookAll)
        #expect(bucket.available(at: .seconds(5)) == 0)
        #expect(bucket.available(at: .seconds(11)) == 1)
    }
}
