import CodexAppServer

/// The turn a thread considers active.
enum ActiveTurn: Sendable {
    case running(turnID: String, control: TurnControl)
    /// An interrupted turn that codex 0.163.0 keeps reporting as active: interrupting it again is
    /// queued until another turn of the thread ends, any other turn id is rejected naming it.
    case stale(turnID: String)

    var turnID: String {
        switch self {
        case .running(let id, _), .stale(let id): id
        }
    }
}
