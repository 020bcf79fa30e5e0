/// A bucket of `capacity` tokens that refills evenly over one minute, in exact integer arithmetic.
///
/// The level is kept in units of 1/60,000,000,000 token, so one nanosecond adds exactly
/// `capacity` units and no rounding ever accumulates. The level may drop below zero when a
/// debit (tokens a finished turn spent) is larger than what was left: refill repays that debt
/// before anything is admitted again. Time is a reading of an injected clock, never the wall clock.
public struct TokenBucket: Sendable, Hashable {
    /// Units per token: nanoseconds in a minute.
    static let unitsPerToken: Int128 = 60_000_000_000

    /// Tokens per minute, and the most the bucket holds.
    public let capacity: Int
    /// Current level, in units.
    private(set) var level: Int128
    /// The clock reading the level was last brought up to date at.
    private(set) var updated: Duration

    /// A full bucket of `capacity` (> 0) tokens at clock reading `now`.
    public init(capacity: Int, now: Duration) {
        precondition(capacity > 0, "a token bucket needs a positive capacity")
        self.capacity = capacity
        self.level = Int128(capacity) * Self.unitsPerToken
        self.updated = now
    }

    private var fullLevel: Int128 { Int128(capacity) * Self.unitsPerToken }

    /// Adds what the time since the last update refilled; a clock reading in the past changes nothing.
    public mutating func refill(to now: Duration) {
        let elapsed = Self.nanoseconds(now - updated)
        guard elapsed > 0 else { return }
        level = min(fullLevel, level + elapsed * Int128(capacity))
        updated = now
    }

    /// Whole tokens available now (negative while in debt).
    public func available(at now: Duration) -> Int {
        var copy = self
        copy.refill(to: now)
        return Int(Self.floorDivide(copy.level, Self.unitsPerToken))
    }

    /// Takes `tokens` when that many are available; returns whether it did.
    public mutating func take(_ tokens: Int, at now: Duration) -> Bool {
        refill(to: now)
        let wanted = Int128(tokens) * Self.unitsPerToken
        guard level >= wanted else { return false }
        level -= wanted
        return true
    }

    /// Removes `tokens` even when fewer are left (the bucket goes into debt).
    public mutating func debit(_ tokens: Int, at now: Duration) {
        refill(to: now)
        level -= Int128(max(0, tokens)) * Self.unitsPerToken
    }

    /// How long until `tokens` are available (zero when they are now).
    public func waitUntilAvailable(_ tokens: Int, at now: Duration) -> Duration {
        var copy = self
        copy.refill(to: now)
        return Self.refillTime(units: Int128(tokens) * Self.unitsPerToken - copy.level, capacity: capacity)
    }

    /// How long until the bucket is full again (zero when it is).
    public func waitUntilFull(at now: Duration) -> Duration {
        var copy = self
        copy.refill(to: now)
        return Self.refillTime(units: copy.fullLevel - copy.level, capacity: capacity)
    }

    /// The time refilling `units` takes, rounded up to the nanosecond.
    private static func refillTime(units: Int128, capacity: Int) -> Duration {
        guard units > 0 else { return .zero }
        let nanoseconds = (units + Int128(capacity) - 1) / Int128(capacity)
        return .seconds(Int64(nanoseconds / 1_000_000_000)) + .nanoseconds(Int64(nanoseconds % 1_000_000_000))
    }

    static func nanoseconds(_ duration: Duration) -> Int128 {
        let (seconds, attoseconds) = duration.components
        return Int128(seconds) * 1_000_000_000 + Int128(attoseconds) / 1_000_000_000
    }

    private static func floorDivide(_ value: Int128, _ divisor: Int128) -> Int128 {
        let quotient = value / divisor
        return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient
    }
}
