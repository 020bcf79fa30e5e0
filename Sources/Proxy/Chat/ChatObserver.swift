/// Hooks through which chat streams report to metrics without knowing them.
struct ChatObserver: Sendable {
    /// A stream started or ended (`codex_streams_active`).
    var streamOpened: @Sendable () -> Void = {}
    var streamClosed: @Sendable () -> Void = {}
    /// Time from the request's arrival to the first content delta.
    var firstToken: @Sendable (_ model: String, _ elapsed: Duration) -> Void = { _, _ in }
    /// Tool-buffer block events.
    var toolBuffer: @Sendable (ToolCallBuffer.Event) -> Void = { _ in }
    /// Client function calls of a turn: returned to the client, and dropped because
    /// `parallel_tool_calls` was false.
    var functionCalls: @Sendable (_ returned: Int, _ dropped: Int) -> Void = { _, _ in }
    /// One call per turn, with how it ended.
    var turnFinished: @Sendable (TurnOutcome.Label) -> Void = { _ in }
}
