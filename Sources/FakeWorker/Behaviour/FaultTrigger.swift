import CodexAppServer

/// When a scripted fault fires, counted over the whole process.
enum FaultTrigger: Sendable, Equatable {
    /// Right after the Nth `item/agentMessage/delta` line was written.
    case afterDeltas(Int)
    /// Right after the Nth `turn/completed` line was written.
    case afterTurns(Int)
    /// When the `initialize` request arrives, before it is answered.
    case onHandshake
}
