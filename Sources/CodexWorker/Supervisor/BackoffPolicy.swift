/// Delays between worker restarts: `initial`, then multiplied by `multiplier` up to `maximum`.
public struct BackoffPolicy: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var multiplier: Double
    /// Fraction of each delay added at random (0 = deterministic).
    public var jitter: Double

    public init(initial: Duration, maximum: Duration, multiplier: Double = 2, jitter: Double = 0) {
        self.initial = initial
        self.maximum = maximum
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The delay before restart number `attempt` of a streak (1-based).
    public func delay(attempt: Int, random: Double = 0) -> Duration {
        precondition(attempt >= 1)
        let initialSeconds = initial.seconds
        let maximumSeconds = maximum.seconds
        var seconds = initialSeconds
        for _ in 1..<attempt where seconds < maximumSeconds {
            seconds *= multiplier
        }
        seconds = min(seconds, maximumSeconds)
        seconds += seconds * jitter * random
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
