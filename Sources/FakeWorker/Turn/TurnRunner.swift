import CodexAppServer

/// Plays one turn: the opening notifications, the scripted "model" work, and the closing
/// notifications for however it ended. The work races the turn's interrupt signal; whichever
/// finishes first decides the ending, and the loser is cancelled.
struct TurnRunner: Sendable {
    let context: ServerContext
    let threadID: String
    let turnID: String
    let input: [JSONValue]
    let settings: ThreadSettings
    /// The thread's injected history; with empty input the model answers its last user message.
    var history: [JSONValue] = []

    /// Where the triggers are looked for: the concatenated text of the input's text items, or,
    /// for `input: []`, the text of the last user message in the injected history (as the mock
    /// model reads the last user message).
    var inputText: String {
        guard input.isEmpty else {
            return input.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined()
        }
        guard let last = history.last(where: { $0["type"]?.stringValue == "message" && $0["role"]?.stringValue == "user" }) else { return "" }
        return (last["content"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "input_text" ? $0["text"]?.stringValue : nil }.joined()
    }

    func emit(_ notification: RPCNotification) async {
        await context.emit(notification, threadID: threadID)
    }

    func run(control: TurnControl) async {
        let startedMs = WallClock.nowMilliseconds()
        let startedAt = startedMs / 1000
        await emit(NotificationWire.active(threadID: threadID))
        await emit(NotificationWire.turnStarted(threadID: threadID, turn: TurnWire.inProgress(id: turnID, startedAt: startedAt)))
        await echoUserMessage()
        let journal = TurnJournal()
        let ending = await withTaskGroup(of: TurnEnding?.self) { group in
            group.addTask { await work(journal: journal) }
            group.addTask {
                for await _ in control.interrupts { return .interrupted }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let ending, !Task.isCancelled else { return }
        await close(ending, journal: journal, startedMs: startedMs)
    }

    /// `item/started` + `item/completed` of the user's input (nothing for empty input).
    func echoUserMessage() async {
        guard !input.isEmpty else { return }
        let item = ItemWire.userMessage(id: UUIDv7.make(), input: input)
        let now = WallClock.nowMilliseconds()
        await emit(NotificationWire.itemStarted(item, threadID: threadID, turnID: turnID, atMs: now))
        await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: now))
    }

    /// Reports a finished round trip: `thread/tokenUsage/updated` then `account/rateLimits/updated`.
    func reportUsage(_ usage: TokenUsageBreakdown, journal: TurnJournal) async {
        await journal.setUnreportedUsage(nil)
        let total = await context.state.addUsage(threadID: threadID, usage)
        await emit(NotificationWire.tokenUsage(threadID: threadID, turnID: turnID, total: total, last: usage))
        await emit(NotificationWire.rateLimits())
    }

    /// The closing notifications, in codex 0.163.0's order for each ending.
    private func close(_ ending: TurnEnding, journal: TurnJournal, startedMs: Int64) async {
        var status = TurnStatus.completed
        var error: JSONValue?
        switch ending {
        case .completed:
            break
        case .cancelled:
            status = .interrupted
        case .failed(let turnError):
            status = .failed
            error = turnError
            await emit(NotificationWire.systemError(threadID: threadID))
            await emit(NotificationWire.error(turnError, willRetry: false, threadID: threadID, turnID: turnID))
        case .interrupted:
            status = .interrupted
            await cancelFunctionCalls(journal: journal)
            if let usage = await journal.unreportedUsage {
                await reportUsage(usage, journal: journal)
            } else {
                await emit(NotificationWire.rateLimits())
            }
        }
        let answered = await context.state.finishTurn(threadID: threadID, turnID: turnID, aborted: status == .interrupted)
        for interruptID in answered { await context.output.respond(interruptID, [:]) }
        if status != .failed { await emit(NotificationWire.idle(threadID: threadID)) }
        let completedMs = WallClock.nowMilliseconds()
        let outcome = TurnWire.Outcome(
            status: status,
            items: await journal.agentMessages,
            error: error,
            startedAt: startedMs / 1000,
            completedAt: completedMs / 1000,
            durationMs: completedMs - startedMs
        )
        await emit(NotificationWire.turnCompleted(threadID: threadID, turn: TurnWire.finished(id: turnID, outcome)))
        if let request = await journal.openRequest {
            await context.state.abandonServerRequest(request)
            await emit(NotificationWire.serverRequestResolved(threadID: threadID, requestID: request))
        }
    }
}
