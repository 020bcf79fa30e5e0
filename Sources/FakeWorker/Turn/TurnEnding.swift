import CodexAppServer

/// How a turn's body ended, before the closing notifications.
enum TurnEnding: Sendable {
    case completed
    case failed(error: JSONValue)
    /// An approval answered `cancel`: the turn ends `interrupted`.
    case cancelled
    /// `turn/interrupt` won the race.
    case interrupted
}
