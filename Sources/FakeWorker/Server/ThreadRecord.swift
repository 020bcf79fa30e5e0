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
    /// Items `thread/inject_items` kept (after dropping what codex 0.163.0 drops), in order.
    var history: [JSONValue] = []
}
