import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Experimental `thread/start` fields and the model's `exec_command` in each thread shape, as
/// codex 0.163.0 answers them (live-captures/host_tools_*.jsonl, host_exec_read_only.jsonl).
@Suite("Host tools")
struct HostToolsBehaviourTests {
    /// initialize with `capabilities.experimentalApi` set as given, then initialized.
    static func handshake(_ session: AppServerSession, experimentalApi: Bool) async throws {
        try await session.request(0, "initialize", [
            "clientInfo": ["name": "fake_probe", "title": nil, "version": "0.0.1"],
            "capabilities": ["experimentalApi": .bool(experimentalApi)],
        ])
        _ = await session.reply(to: 0)
        try await session.send(#"{"method":"initialized"}"#)
    }

    /// Runs one `CALLTOOL`-style turn on a fresh thread and returns every message after it.
    static func toolTurn(threadParams: JSONValue, text: String = "CALLTOOL now") async throws -> [ServerMessage] {
        try await AppServerSession.run(FakeCodex.launch()) { session in
            try await handshake(session, experimentalApi: true)
            try await session.request("t", "thread/start", threadParams)
            let thread = try #require(await session.reply(to: "t")?["result"]?["thread"]?["id"]?.stringValue)
            _ = try await session.startTurn(id: 2, threadID: thread, text: text)
            #expect(await session.waitFor("turn/completed"))
            return await session.messages()
        }.result
    }

    static func methods(_ messages: [ServerMessage]) -> [String] {
        messages.compactMap(\.method).filter { !$0.hasPrefix("thread/st") && $0 != "turn/started" && $0 != "item/agentMessage/delta" }
    }

    @Test("without experimentalApi, environments, dynamicTools and experimentalRawEvents are refused in the binary's order")
    func experimentalFieldsNeedTheCapability() async throws {
        let cases: [(JSONValue, String)] = [
            (["environments": [], "sandbox": "read-only"], "thread/start.environments requires experimentalApi capability"),
            (["dynamicTools": [], "experimentalRawEvents": true], "thread/start.dynamicTools requires experimentalApi capability"),
            (["experimentalRawEvents": true, "dynamicTools": [], "environments": []], "thread/start.environments requires experimentalApi capability"),
            (["experimentalRawEvents": true], "thread/start.experimentalRawEvents requires experimentalApi capability"),
            (["experimentalRawEvents": nil], "Invalid request: invalid type: null, expected a boolean"),
            (["environments": 5], "Invalid request: invalid type: integer `5`, expected a sequence"),
            (["environments": [], "sandbox": 5], "Invalid request: invalid type: integer `5`, expected string or map"),
        ]
        try await AppServerSession.run(FakeCodex.launch()) { session in
            try await Self.handshake(session, experimentalApi: false)
            for (index, (params, message)) in cases.enumerated() {
                try await session.request(.integer(Int64(index + 1)), "thread/start", params)
                let reply = await session.reply(to: .integer(Int64(index + 1)))
                #expect(reply?["error"]?["code"] == -32600, "\(params)")
                #expect(reply?["error"]?["message"]?.stringValue == message, "\(params)")
            }
            try await session.request(99, "thread/start", ["environments": nil, "dynamicTools": nil, "experimentalRawEvents": false])
            #expect(await session.reply(to: 99)?["result"]?["thread"]?["environments"]?.arrayValue?.count == 1)
        }
    }

    @Test("with experimentalApi, environments: [] starts a text-only thread")
    func emptyEnvironmentsMakeATextOnlyThread() async throws {
        let result = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await Self.handshake(session, experimentalApi: true)
            try await session.request(1, "thread/start", ["sandbox": "read-only", "environments": [], "config": ["features": ["shell_snapshot": false]]])
            return await session.reply(to: 1)?["result"]
        }.result
        #expect(result?["thread"]?["environments"] == [])
        #expect(result?["runtimeWorkspaceRoots"] == [])
    }

    @Test("on a text-only thread the model's exec_command gets no item and no approval request, under any policy, and the turn completes",
          arguments: [("never", "CALLTOOL now"), ("untrusted", "CALLTOOL now"), ("untrusted", "ASKAPPROVAL now")])
    func textOnlyThreadRefusesCommands(policy: String, text: String) async throws {
        let messages = try await Self.toolTurn(
            threadParams: ["approvalPolicy": .string(policy), "sandbox": "read-only", "ephemeral": true, "environments": []], text: text
        )
        #expect(!messages.contains { $0.json?["params"]?["item"]?["type"] == "commandExecution" })
        #expect(!messages.contains { $0.method == AppServerMethod.commandExecutionRequestApproval })
        #expect(Self.methods(messages).suffix(7) == [
            "thread/tokenUsage/updated", "account/rateLimits/updated", "item/started", "item/completed",
            "thread/tokenUsage/updated", "account/rateLimits/updated", "turn/completed",
        ])
        #expect(messages.last { $0.method == "turn/completed" }?.json?["params"]?["turn"]?["status"] == "completed")
    }

    @Test("on a host thread under read-only the model's exec_command runs and fails on the read-only file system")
    func readOnlyHostThreadRunsTheCommand() async throws {
        let messages = try await Self.toolTurn(threadParams: ["approvalPolicy": "never", "sandbox": "read-only", "ephemeral": true])
        let commandMethods = Self.methods(messages).drop { $0 != "item/started" }.dropFirst(2)
        #expect(Array(commandMethods.prefix(5)) == [
            "item/started", "item/commandExecution/outputDelta", "thread/tokenUsage/updated", "account/rateLimits/updated", "item/completed",
        ])
        let completed = try #require(messages.first { $0.method == "item/completed" && $0.json?["params"]?["item"]?["type"] == "commandExecution" })
        let item = try #require(completed.json?["params"]?["item"])
        #expect(item["status"] == "failed")
        #expect(item["exitCode"] == 1)
        #expect(item["aggregatedOutput"]?.stringValue?.hasSuffix("/out.txt: Read-only file system\n") == true)
        #expect(messages.last { $0.method == "turn/completed" }?.json?["params"]?["turn"]?["status"] == "completed")
    }

    @Test("on a host thread under workspace-write the fake follows the reference capture: usage only, no command item")
    func workspaceWriteHostThreadFollowsTheReference() async throws {
        let messages = try await Self.toolTurn(threadParams: ["approvalPolicy": "never", "sandbox": "workspace-write", "ephemeral": true])
        #expect(!messages.contains { $0.json?["params"]?["item"]?["type"] == "commandExecution" })
        #expect(messages.filter { $0.method == "thread/tokenUsage/updated" }.count == 2)
        #expect(messages.last { $0.method == "turn/completed" }?.json?["params"]?["turn"]?["status"] == "completed")
    }
}
