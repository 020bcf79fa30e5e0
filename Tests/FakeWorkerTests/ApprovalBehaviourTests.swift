import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Server→client approval requests and the client's answers.
@Suite("Approvals")
struct ApprovalBehaviourTests {
    /// Runs `turns` turns with `approval: true`, answering each request with `decision`.
    func approvalTurns(_ turns: Int, decision: String) async throws -> [ServerMessage] {
        try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"approval": true}"#)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            for turn in 1...turns {
                _ = try await session.startTurn(id: .integer(Int64(turn + 10)), threadID: thread, text: "hi")
                await session.waitFor("item/commandExecution/requestApproval", count: turn)
                let request = await session.all("item/commandExecution/requestApproval").last!
                try await session.send(JSONValue.object(["id": request["id"]!, "result": ["decision": .string(decision)]]).jsonString)
                await session.waitFor("turn/completed", count: turn)
            }
            return await session.messages()
        }.result
    }

    @Test("approval: true asks on every turn, with server request ids counting from 0")
    func everyTurnAsks() async throws {
        let messages = try await approvalTurns(2, decision: "accept")
        let requests = messages.filter { $0.method == "item/commandExecution/requestApproval" }
        #expect(requests.compactMap { $0.json?["id"] } == [0, 1])
        #expect(requests.first?.json?["params"]?["availableDecisions"]?.arrayValue?.count == 3)
        let resolved = messages.filter { $0.method == "serverRequest/resolved" }.compactMap { $0.json?["params"]?["requestId"] }
        #expect(resolved == [0, 1])
        let statuses = messages.filter { $0.method == "turn/completed" }.compactMap { $0.json?["params"]?["turn"]?["status"] }
        #expect(statuses == ["completed", "completed"])
    }

    @Test("a declined command ends declined and the turn still completes with the reply")
    func declineCompletesTheTurn() async throws {
        let messages = try await approvalTurns(1, decision: "decline")
        let command = messages.last { $0.method == "item/completed" && $0.json?["params"]?["item"]?["type"] == "commandExecution" }
        #expect(command?.json?["params"]?["item"]?["status"] == "declined")
        let turn = messages.last?.json?["params"]?["turn"]
        #expect(turn?["status"] == "completed")
        #expect(turn?["items"]?.arrayValue?.first?["text"] == "Hello world")
    }

    @Test("a cancelled approval ends the turn interrupted")
    func cancelInterruptsTheTurn() async throws {
        let messages = try await approvalTurns(1, decision: "cancel")
        #expect(messages.last?.json?["params"]?["turn"]?["status"] == "interrupted")
        #expect(!messages.contains { $0.method == "item/agentMessage/delta" })
    }

    @Test("an interrupt while waiting for approval ends the turn, then resolves the request")
    func interruptWhileWaiting() async throws {
        let methods = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread(approvalPolicy: "untrusted", sandbox: "workspace-write")
            let turn = try await session.startTurn(id: 2, threadID: thread, text: "ASKAPPROVAL now")
            await session.waitFor("item/commandExecution/requestApproval")
            try await session.request(3, "turn/interrupt", ["threadId": .string(thread), "turnId": .string(turn)])
            await session.waitFor("serverRequest/resolved")
            // A late answer to the abandoned request is ignored.
            try await session.send(#"{"id":0,"result":{"decision":"accept"}}"#)
            try await Task.sleep(for: .milliseconds(100))
            return await session.messages().suffix(6).map { $0.method ?? $0.kind.description }
        }.result
        #expect(methods == ["thread/tokenUsage/updated", "account/rateLimits/updated", "response to id 3", "thread/status/changed", "turn/completed", "serverRequest/resolved"])
    }

    @Test("CALLTOOL asks for approval only under the untrusted policy")
    func callToolFollowsThePolicy() async throws {
        let counts = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let never = try await session.startThread(id: "a")
            _ = try await session.startTurn(id: 2, threadID: never, text: "CALLTOOL now")
            await session.waitFor("turn/completed")
            let before = await session.all("item/commandExecution/requestApproval").count
            let untrusted = try await session.startThread(id: "b", approvalPolicy: "untrusted", sandbox: "workspace-write")
            _ = try await session.startTurn(id: 3, threadID: untrusted, text: "CALLTOOL now")
            return (before, await session.waitFor("item/commandExecution/requestApproval"))
        }.result
        #expect(counts.0 == 0)
        #expect(counts.1)
    }
}
