import CodexAppServer

/// The failure sequence (`systemError` → `error` → `turn/completed` failed) on every turn.
struct TurnErrorSpec: Sendable, Equatable {
    /// A camelCase string such as `serverOverloaded`, or an object form such as
    /// `{"httpConnectionFailed":{"httpStatusCode":502}}`.
    var codexErrorInfo: JSONValue
    var message: String
    /// Deltas of the agent message streamed before the failure.
    var afterDeltas: Int
    /// `true` sends a transient `error` notification and lets the turn go on.
    var willRetry: Bool
}
