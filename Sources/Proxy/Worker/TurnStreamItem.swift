import CodexAppServer

/// What a turn's consumer receives: the worker's events for its thread, the worker's death,
/// or a clock tick that lets the consumer send keepalives, enforce its deadline and check that
/// the client is still there.
public enum TurnStreamItem: Sendable {
    case event(TurnEvent)
    case workerExited(WorkerExit?)
    case tick
}
