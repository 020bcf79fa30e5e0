import CodexAppServer

/// What a turn's consumer receives: the worker's events for its thread, the worker's death,
/// or a wake-up (``TurnSubscription/wake()``) that lets the consumer re-check its own clock
/// and conditions: keepalives, its deadline, a client that left, a stop request.
public enum TurnStreamItem: Sendable {
    case event(TurnEvent)
    case workerExited(WorkerExit?)
    case wake
}
