/// The monotonic time the rate limiter reads, injected so that tests can move it by hand.
public struct RateLimitClock: Sendable {
    /// Time elapsed since an arbitrary fixed origin; never goes backwards.
    public let now: @Sendable () -> Duration

    public init(now: @escaping @Sendable () -> Duration) {
        self.now = now
    }

    /// `ContinuousClock`, measured from the moment this clock was made.
    public static func continuous() -> RateLimitClock {
        let origin = ContinuousClock.now
        return RateLimitClock { ContinuousClock.now - origin }
    }
}
