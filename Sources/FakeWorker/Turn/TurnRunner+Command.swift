import CodexAppServer
import Foundation

extension TurnRunner {
    /// The model's `exec_command` on a read-only thread that keeps its host environment and needs
    /// no approval, as in live-captures/host_exec_read_only.jsonl: the item starts running, bash's
    /// error arrives (the sandbox refuses the mock command's redirection), the model's round trip
    /// is reported, the item completes `failed` with exit code 1. Nothing is executed: the fake
    /// only reports what the real binary does. (The exit-0 branch is kept for other sandboxes,
    /// which today follow the reference capture instead; see docs/fake-codex.md.)
    func runCommand(_ command: ScriptedCommand, usage: TokenUsageBreakdown, journal: TurnJournal) async throws {
        let callID = "call_\(await context.state.nextItemNumber())"
        let processID = "\(ProcessInfo.processInfo.processIdentifier)"
        await emit(NotificationWire.itemStarted(
            ItemWire.commandExecution(id: callID, command: command, state: .running(processID: processID)),
            threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()
        ))
        let output = settings.sandboxMode == "read-only" ? command.readOnlyFailure : nil
        if let output {
            await emit(NotificationWire.commandOutput(output, threadID: threadID, turnID: turnID, itemID: callID))
        }
        context.events.record("toolCall", ["tool": "exec_command", "outcome": "ran", "sandbox": .string(settings.sandboxMode)])
        await reportUsage(usage, journal: journal)
        try Task.checkCancellation()
        let item = ItemWire.commandExecution(
            id: callID, command: command, state: .exited(processID: processID, exitCode: output == nil ? 0 : 1, output: output)
        )
        await emit(NotificationWire.itemCompleted(item, threadID: threadID, turnID: turnID, atMs: WallClock.nowMilliseconds()))
    }

    /// The model's `exec_command` on a thread without a host environment (`environments: []`):
    /// codex answers the call `unsupported call: exec_command` itself, with no item and no
    /// approval request, and the model goes on.
    func refuseCommand(usage: TokenUsageBreakdown, journal: TurnJournal) async {
        context.events.record("toolCall", ["tool": "exec_command", "outcome": "unsupported"])
        await reportUsage(usage, journal: journal)
    }
}
