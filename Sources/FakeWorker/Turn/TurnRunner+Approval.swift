import CodexAppServer
import Foundation

extension TurnRunner {
    /// The command approval exchange of captures/tool_approval.jsonl. Returns `false` when the
    /// client answered `cancel` (the turn then ends `interrupted`); throws when cancelled.
    func requestApproval(for command: ScriptedCommand, usage: TokenUsageBreakdown, journal: TurnJournal) async throws -> Bool {
        let callID = "call_\(await context.state.nextItemNumber())"
        let startedMs = WallClock.nowMilliseconds()
        await emit(NotificationWire.active(threadID: threadID, waitingOnApproval: true))
        await emit(NotificationWire.itemStarted(
            ItemWire.commandExecution(id: callID, command: command, state: .inProgress),
            threadID: threadID, turnID: turnID, atMs: startedMs
        ))
        let (requestID, replies) = await context.state.openServerRequest(threadID: threadID)
        await journal.setOpenRequest(requestID)
        await context.output.request(requestID, method: AppServerMethod.commandExecutionRequestApproval, params: [
            "kind": "command",
            "threadId": .string(threadID),
            "turnId": .string(turnID),
            "itemId": .string(callID),
            "startedAtMs": .integer(startedMs),
            "environmentId": "local",
            "command": .string(command.shellLine),
            "cwd": .string(command.cwd),
            "commandActions": command.actions,
            "proposedExecpolicyAmendment": command.argv,
            "availableDecisions": ["accept", ["acceptWithExecpolicyAmendment": ["execpolicy_amendment": command.argv]], "cancel"],
        ])
        context.events.record("serverRequest", ["method": .string(AppServerMethod.commandExecutionRequestApproval), "id": requestID.json])
        let reply = try await replies.firstReply()
        await journal.setOpenRequest(nil)
        await emit(NotificationWire.serverRequestResolved(threadID: threadID, requestID: requestID))
        let decision = Self.decision(reply)
        context.events.record("approvalDecision", ["id": requestID.json, "decision": .string(decision)])
        if decision == "accept" {
            await emit(NotificationWire.active(threadID: threadID))
            let item = ItemWire.commandExecution(id: callID, command: command, state: .completed(processID: "\(ProcessInfo.processInfo.processIdentifier)"))
            await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()))
        } else {
            let item = ItemWire.commandExecution(id: callID, command: command, state: .declined)
            await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()))
            await emit(NotificationWire.active(threadID: threadID))
        }
        await reportUsage(usage, journal: journal)
        return decision != "cancel"
    }

    /// `accept` (also `acceptForSession` and the amendment forms), `cancel`, or `decline` for
    /// anything else, including error replies.
    static func decision(_ reply: ServerRequestReply) -> String {
        guard case .result(let result) = reply, let decision = result["decision"] else { return "decline" }
        switch decision {
        case .string("accept"), .string("acceptForSession"): return "accept"
        case .string("cancel"): return "cancel"
        case .object(let object) where object.keys.contains(where: { $0.hasPrefix("accept") }): return "accept"
        default: return "decline"
        }
    }
}
