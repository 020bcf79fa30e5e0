/// Counts restarts for the backoff streak and the restart-intensity limit.
///
/// More than `limit` restarts within `window` means the worker cannot be kept up: the
/// supervisor gives up so that liveness fails and the orchestrator replaces the container.
struct RestartTracker: Sendable {
    let limit: Int
    let window: Duration
    let resetAfter: Duration
    private(set) var streak = 0
    private var recent: [ContinuousClock.Instant] = []

    init(limit: Int, window: Duration, resetAfter: Duration) {
        self.limit = limit
        self.window = window
        self.resetAfter = resetAfter
    }

    /// Records an exit; `readyFor` is how long that process had been ready (nil if never).
    /// Returns `false` when the restart-intensity limit is exceeded.
    mutating func recordExit(at now: ContinuousClock.Instant, readyFor: Duration?) -> Bool {
        if let readyFor, readyFor >= resetAfter {
            streak = 0
        }
        streak += 1
        recent.append(now)
        recent.removeAll { now - $0 > window }
        return recent.count <= limit
    }
}
