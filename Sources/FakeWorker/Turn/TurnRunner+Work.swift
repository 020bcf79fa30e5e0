import CodexAppServer

extension TurnRunner {
    /// The "model" side of the turn; returns `nil` when cancelled (interrupt or stdin closed).
    func work(journal: TurnJournal) async -> TurnEnding? {
        let plan = ReplyPlan.choose(
            text: inputText, behaviour: context.behaviour, approvalPolicy: settings.approvalPolicyName,
            clientFunctions: settings.clientFunctions, callsAnswered: callsAnswered
        )
        do {
            switch plan.kind {
            case .upstreamFailure:
                try await modelLatency()
                return .failed(error: TurnWire.error(message: ReplyPlan.upstream400Message, codexErrorInfo: "other"))
            case .tool(let askApproval):
                let command = ScriptedCommand(cwd: settings.cwd)
                try await modelLatency()
                let usage = TokenUsageModel.roundTrip(inputBytes: inputText.utf8.count, replyBytes: command.script.utf8.count)
                if !settings.hostEnvironment {
                    await refuseCommand(usage: usage, journal: journal)
                } else if askApproval {
                    await journal.setUnreportedUsage(usage)
                    guard try await requestApproval(for: command, usage: usage, journal: journal) else { return .cancelled }
                } else if settings.sandboxMode == "read-only" {
                    try await runCommand(command, usage: usage, journal: journal)
                } else {
                    // As captures/tool_approval.jsonl shows for workspace-write: no command item.
                    await reportUsage(usage, journal: journal)
                }
                return try await streamMessage(plan, journal: journal)
            case .functions(let names):
                try await modelLatency()
                try await callFunctions(names, journal: journal)
                return try await streamMessage(plan, journal: journal)
            case .message:
                try await modelLatency()
                return try await streamMessage(plan, journal: journal)
            }
        } catch {
            return nil
        }
    }

    /// Whether the model already has the results of its calls: the turn continues an injected
    /// history (empty input) whose last user message is followed by a function call output.
    private var callsAnswered: Bool {
        guard input.isEmpty else { return false }
        let lastUser = history.lastIndex { $0["type"]?.stringValue == "message" && $0["role"]?.stringValue == "user" } ?? -1
        return history[(lastUser + 1)...].contains { $0["type"]?.stringValue == "function_call_output" }
    }

    /// A short pause standing in for the model request, so a turn is never instantaneous.
    private func modelLatency() async throws {
        try await Task.sleep(for: .milliseconds(1))
    }

    /// One agent message streamed in deltas, then its usage; a scripted `turnError` may cut it.
    private func streamMessage(_ plan: ReplyPlan, journal: TurnJournal) async throws -> TurnEnding {
        let turnError = context.behaviour.turnError
        if let turnError, let ending = await scriptedError(turnError, deltasSent: 0) { return ending }
        guard !plan.deltas.isEmpty else {
            await reportUsage(TokenUsageModel.roundTrip(inputBytes: inputText.utf8.count, replyBytes: 0), journal: journal)
            return .completed
        }
        let itemID = "msg_\(await context.state.nextItemNumber())"
        await emit(NotificationWire.itemStarted(ItemWire.agentMessage(id: itemID, text: ""), threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()))
        var text = ""
        for (index, delta) in plan.deltas.enumerated() {
            let delay = index == 0 ? plan.firstDelayMs : plan.betweenDelayMs
            if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
            try Task.checkCancellation()
            await emit(NotificationWire.delta(delta, threadID: threadID, turnID: turnID, itemID: itemID))
            text += delta
            if let turnError, let ending = await scriptedError(turnError, deltasSent: index + 1) { return ending }
        }
        try Task.checkCancellation()
        let item = ItemWire.agentMessage(id: itemID, text: text)
        await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()))
        await journal.addAgentMessage(item)
        let usage = TokenUsageModel.roundTrip(inputBytes: inputText.utf8.count, replyBytes: text.utf8.count)
        if settings.rawEvents {
            await emit(RawEventWire.itemCompleted(RawEventWire.assistantMessage(id: itemID, text: text, turnID: turnID), threadID: threadID, turnID: turnID))
            let responseID = "resp_\(await context.state.nextItemNumber())"
            await emit(RawEventWire.responseCompleted(responseID: responseID, usage: usage, threadID: threadID, turnID: turnID))
        }
        await reportUsage(usage, journal: journal)
        return .completed
    }

    /// The behaviour's `turnError` once `afterDeltas` deltas went out: a transient `error`
    /// notification (`willRetry`) lets the turn go on, anything else fails it.
    private func scriptedError(_ spec: TurnErrorSpec, deltasSent: Int) async -> TurnEnding? {
        guard spec.afterDeltas == deltasSent else { return nil }
        let error = TurnWire.error(message: spec.message, codexErrorInfo: spec.codexErrorInfo)
        context.events.record("turnError", ["threadId": .string(threadID), "turnId": .string(turnID), "willRetry": .bool(spec.willRetry)])
        guard spec.willRetry else { return .failed(error: error) }
        await emit(NotificationWire.error(error, willRetry: true, threadID: threadID, turnID: turnID))
        return nil
    }
}
