import CodexAppServer

/// What the fake remembers about one loaded thread.
struct ThreadRecord: Sendable {
    var settings: ThreadSettings
    /// Cleared by `thread/unsubscribe`: the thread stays loaded (a second unsubscribe answers
    /// `notSubscribed`) but its turn notifications are no longer sent, as in codex 0.163.0.
    var subscribed = true
    var activeTurn: ActiveTurn?
    /// `turn/interrupt` requests answered `{}` when the thread's current or next turn ends.
    var pendingInterrupts: [RequestID] = []
    var totalUsage = TokenUsageBreakdown()
}

/// The turn a thread considers active.
enum ActiveTurn: Sendable {
    /// Created by a `turn/start` with empty input: the next `turn/start` runs under this id.
    case pending(turnID: String)
    case running(turnID: String, control: TurnControl)
    /// An interrupted turn that codex 0.163.0 keeps reporting as active: interrupting it again is
    /// queued until another turn of the thread ends, any other turn id is rejected naming it.
    case stale(turnID: String)

    var turnID: String {
        switch self {
        case .pending(let id), .running(let id, _), .stale(let id): id
        }
    }
}

/// The channel that tells a running turn to stop.
struct TurnControl: Sendable {
    let interrupts: AsyncStream<Void>
    let continuation: AsyncStream<Void>.Continuation

    init() {
        (interrupts, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func interrupt() { continuation.yield() }
}
