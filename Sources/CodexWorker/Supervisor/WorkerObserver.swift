/// Hooks through which the supervisor reports to metrics without knowing them.
public struct WorkerObserver: Sendable {
    /// Called after every status change with the new snapshot.
    public var statusChanged: @Sendable (WorkerStatus) -> Void
    /// Called once per restart after a crash (never for the first launch or a recycle).
    public var workerRestarted: @Sendable () -> Void
    /// Called once per planned replacement by the recycle policy.
    public var workerRecycled: @Sendable () -> Void
    /// Called once per successor that failed before taking over (the serving worker stays).
    public var recycleFailed: @Sendable () -> Void
    /// Called after every completed handshake that made a worker the serving one (first start,
    /// restart, recycle successor).
    public var workerReady: @Sendable () -> Void = {}

    public init(
        statusChanged: @escaping @Sendable (WorkerStatus) -> Void = { _ in },
        workerRestarted: @escaping @Sendable () -> Void = {},
        workerRecycled: @escaping @Sendable () -> Void = {},
        recycleFailed: @escaping @Sendable () -> Void = {}
    ) {
        self.statusChanged = statusChanged
        self.workerRestarted = workerRestarted
        self.workerRecycled = workerRecycled
        self.recycleFailed = recycleFailed
    }
}
