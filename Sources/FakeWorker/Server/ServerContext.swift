import CodexAppServer

/// The shared pieces every handler and turn needs; passed explicitly, never global.
struct ServerContext: Sendable {
    let settings: LaunchSettings
    let output: OutputChannel
    let state: ServerState

    var behaviour: Behaviour { settings.behaviour }
    var events: EventLog { settings.events }

    /// Sends a turn notification unless the client unsubscribed from the thread; status changes
    /// still go out after an unsubscribe, as they do from the real binary. Nothing is sent once
    /// the task is cancelled (stdin closed).
    func emit(_ notification: RPCNotification, threadID: String) async {
        guard !Task.isCancelled else { return }
        if notification.method != AppServerMethod.threadStatusChanged, !(await state.isSubscribed(threadID)) { return }
        await output.notify(notification)
    }

    /// A -32600 error with `message`.
    func reject(_ id: RequestID, _ message: String) async {
        await output.fail(id, .invalidRequest(message))
    }
}
