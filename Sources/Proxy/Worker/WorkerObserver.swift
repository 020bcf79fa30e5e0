/// Hooks through which the supervisor reports to metrics without knowing them.
public struct WorkerObserver: Sendable {
    /// Called after every status change with the new snapshot.
    public var statusChanged: @Sendable (WorkerStatus) -> Void
    /// Called once per restart (never for the first launch).
    public var workerRestarted: @Sendable () -> Void

    public init(
        statusChanged: @escaping @Sendable (WorkerStatus) -> Void = { _ in },
        workerRestarted: @escaping @Sendable () -> Void = {}
    ) {
        self.statusChanged = statusChanged
        self.workerRestarted = workerRestarted
    }
}
