import CodexAppServer
import OrderedJSON

extension TurnRunner {
    static let cancelledCallOutput = "dynamic tool call was cancelled before receiving a response"

    /// The model calls client functions in one response (`CALLFN:`/`CALLFN2:`), served as
    /// live-captures/dynamic_tools.jsonl shows codex 0.163.0 do it: the raw `function_call`
    /// items and `rawResponse/completed` first (with raw events on), then one `item/tool/call`
    /// server request at a time, the last call first, each waiting for its reply; then the raw
    /// outputs and the round trip's usage. Throws when cancelled (an interrupt).
    func callFunctions(_ names: [String], journal: TurnJournal) async throws {
        var calls: [FunctionCall] = []
        for name in names {
            let callID = "call_\(await context.state.nextItemNumber())"
            calls.append(FunctionCall(callID: callID, name: name, arguments: #"{"q": "\#(name)"}"#))
        }
        let usage = TokenUsageModel.roundTrip(inputBytes: inputText.utf8.count, replyBytes: calls.reduce(0) { $0 + $1.arguments.utf8.count })
        if settings.rawEvents {
            for call in calls {
                await emit(RawEventWire.itemCompleted(RawEventWire.functionCall(call, turnID: turnID), threadID: threadID, turnID: turnID))
            }
            let responseID = "resp_\(await context.state.nextItemNumber())"
            await emit(RawEventWire.responseCompleted(responseID: responseID, usage: usage, threadID: threadID, turnID: turnID))
        }
        await journal.setUnreportedUsage(usage)
        await journal.setFunctionCalls(calls, atMs: WallClock.nowMilliseconds())
        var outputs: [(callID: String, text: String)] = []
        for call in calls.reversed() {
            outputs.append((call.callID, try await serve(call, journal: journal)))
        }
        if settings.rawEvents {
            for call in calls {
                let text = outputs.first { $0.callID == call.callID }?.text ?? ""
                let item = RawEventWire.functionCallOutput(callID: call.callID, output: text, turnID: turnID)
                await emit(RawEventWire.itemCompleted(item, threadID: threadID, turnID: turnID))
            }
        }
        await reportUsage(usage, journal: journal)
    }

    /// One `item/tool/call` exchange; returns the text the model gets back.
    private func serve(_ call: FunctionCall, journal: TurnJournal) async throws -> String {
        let arguments = (try? JSONParser().parse(call.arguments)) ?? .object(JSONObject())
        let startedMs = WallClock.nowMilliseconds()
        await emit(NotificationWire.itemStarted(
            ItemWire.dynamicToolCall(call, arguments: arguments, status: "inProgress"), threadID: threadID, turnID: turnID, atMs: startedMs
        ))
        let (requestID, replies) = await context.state.openServerRequest(threadID: threadID)
        await journal.setPendingCall((call.callID, requestID, startedMs))
        await context.output.request(requestID, method: AppServerMethod.dynamicToolCall, params: [
            "threadId": .string(threadID), "turnId": .string(turnID), "callId": .string(call.callID), "namespace": nil,
            "tool": .string(call.name), "arguments": arguments,
        ])
        context.events.record("serverRequest", ["method": .string(AppServerMethod.dynamicToolCall), "id": requestID.json, "tool": .string(call.name)])
        let reply = try await replies.firstReply()
        await journal.markAnswered(call.callID)
        var contentItems: [JSONValue] = []
        var success = false
        if case .result(let result) = reply {
            contentItems = result["contentItems"]?.arrayValue ?? []
            success = result["success"]?.boolValue ?? false
        }
        let finishedMs = WallClock.nowMilliseconds()
        let item = ItemWire.dynamicToolCall(
            call, arguments: arguments, status: success ? "completed" : "failed", contentItems: .array(contentItems), success: .bool(success),
            durationMs: .integer(finishedMs - startedMs)
        )
        await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: finishedMs))
        return contentItems.compactMap { $0["type"]?.stringValue == "inputText" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
    }

    /// What an interrupt does to calls not yet answered: the waiting call's item fails and its
    /// server request is dropped (no `serverRequest/resolved`); with raw events each unanswered
    /// call gets its output in history (the waiting one "cancelled", the queued ones "aborted").
    func cancelFunctionCalls(journal: TurnJournal) async {
        let calls = await journal.functionCalls
        guard !calls.isEmpty else { return }
        let pending = await journal.pendingCall
        let now = WallClock.nowMilliseconds()
        if let pending, let call = calls.first(where: { $0.callID == pending.callID }) {
            await context.state.abandonServerRequest(pending.request)
            let arguments = (try? JSONParser().parse(call.arguments)) ?? .object(JSONObject())
            let item = ItemWire.dynamicToolCall(
                call, arguments: arguments, status: "failed", contentItems: [], success: false, durationMs: .integer(now - pending.startedMs)
            )
            await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: now))
        }
        guard settings.rawEvents else { return }
        let seconds = Double(now - (await journal.callsStartedMs)) / 1000
        for call in calls {
            let output = call.callID == pending?.callID ? Self.cancelledCallOutput : "aborted by user after \((seconds * 10).rounded() / 10)s"
            await emit(RawEventWire.itemCompleted(RawEventWire.functionCallOutput(callID: call.callID, output: output, turnID: turnID), threadID: threadID, turnID: turnID))
        }
    }
}
