/// A snapshot of the supervisor, cheap to read: probes, metrics and request admission use it.
public struct WorkerStatus: Sendable, Hashable {
    /// `starting → handshaking → ready → exited → backoff → starting …`, plus `draining` and
    /// `stopped`. `exited` lasts from the worker's output closing until it is reaped and the
    /// backoff is chosen (milliseconds).
    public enum State: String, Sendable, Hashable {
        case starting, handshaking, ready, exited, backoff, draining, stopped
    }

    public var state: State = .starting
    /// The current process, when one runs.
    public var pid: Int32?
    /// The worker's version, from `--version` at start-up or its user agent.
    public var version: String?
    /// Restarts since the proxy started; never decreases.
    public var restartCount = 0
    /// Planned replacements by the recycle policy since the proxy started (not crashes).
    public var recycleCount = 0
    /// Restarts since the worker last stayed ready long enough to reset the backoff.
    public var restartStreak = 0
    public var lastExit: WorkerExit?
    /// The most recent backoff delay, in milliseconds (0 before any restart).
    public var backoffMilliseconds: Int64 = 0
    /// Set when the restart-intensity limit was exceeded: the supervisor gave up and liveness fails.
    public var gaveUp = false
    /// Whether shutdown has begun (readiness is false from then on).
    public var draining = false

    public init() {}

    /// Ready to take new turns: handshake done on the current process, no backoff, not draining.
    public var isReady: Bool { state == .ready && !draining }

    /// Alive unless the supervisor gave up restarting.
    public var isLive: Bool { !gaveUp }

    /// The state reported to probes: `draining` overrides while the worker still runs.
    public var reportedState: State { draining && state != .stopped ? .draining : state }
}
