import CodexAppServer

/// Hooks through which the supervisor reports to metrics and the trace buffer without knowing them.
public struct WorkerObserver: Sendable {
    /// Called after every status change with the new snapshot.
    public var statusChanged: @Sendable (WorkerStatus) -> Void
    /// Called once per restart (never for the first launch).
    public var workerRestarted: @Sendable () -> Void
    /// Sees every JSON-RPC frame exchanged with the worker.
    public var frameObserver: (@Sendable (AppServerConnection.FrameDirection, RPCMessage) -> Void)?

    public init(
        statusChanged: @escaping @Sendable (WorkerStatus) -> Void = { _ in },
        workerRestarted: @escaping @Sendable () -> Void = {},
        frameObserver: (@Sendable (AppServerConnection.FrameDirection, RPCMessage) -> Void)? = nil
    ) {
        self.statusChanged = statusChanged
        self.workerRestarted = workerRestarted
        self.frameObserver = frameObserver
    }
}
