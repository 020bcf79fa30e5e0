import CodexAppServer

/// The outcome of `turn/start` on a known thread.
enum TurnStartDecision: Sendable {
    case run(turnID: String, control: TurnControl)
    /// A turn is running: the input joins it (codex "steers" the active turn).
    case steer(turnID: String)
}
