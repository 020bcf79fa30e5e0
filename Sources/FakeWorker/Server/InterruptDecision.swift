import CodexAppServer

/// The outcome of `turn/interrupt` on a known thread.
enum InterruptDecision: Sendable, Equatable {
    case noActiveTurn
    case mismatch(activeTurnID: String)
    /// Answered `{}` when the thread's turn ends.
    case queued
}
