import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Scripted turn failures and overload.
@Suite("Scripted failures")
struct FailureBehaviourTests {
    @Test("turnError fails every turn after N deltas with the given codexErrorInfo and message")
    func turnErrorFailsTurns() async throws {
        let behaviour = #"{"turnError": {"codexErrorInfo": "serverOverloaded", "message": "busy", "afterDeltas": 2}, "reply": "abcdef", "chunkSize": 1}"#
        let methods = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            await session.waitFor("turn/completed")
            _ = try await session.startTurn(id: 3, threadID: thread, text: "again")
            await session.waitFor("turn/completed", count: 2)
            return await session.messages()
        }.result
        let completions = methods.filter { $0.method == "turn/completed" }.compactMap { $0.json?["params"]?["turn"] }
        #expect(completions.map { $0["status"] } == ["failed", "failed"])
        let expectedError: JSONValue = ["message": "busy", "codexErrorInfo": "serverOverloaded", "additionalDetails": nil, "misalignment": nil]
        #expect(completions.allSatisfy { $0["error"] == expectedError })
        let errors = methods.filter { $0.method == "error" }.compactMap { $0.json?["params"] }
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0["willRetry"] == false && $0["error"] == expectedError })
        #expect(methods.filter { $0.method == "item/agentMessage/delta" }.count == 4)
        // The failure sequence: systemError status, error, turn/completed; no idle, no usage.
        let tail = methods.suffix(3).compactMap(\.method)
        #expect(tail == ["thread/status/changed", "error", "turn/completed"])
        #expect(methods.last(where: { $0.method == "thread/status/changed" })?.json?["params"]?["status"]?["type"] == "systemError")
        #expect(!methods.contains { $0.method == "thread/tokenUsage/updated" })
    }

    @Test("turnError with willRetry sends a transient error and the turn completes")
    func retryableTurnErrorDoesNotEndTheTurn() async throws {
        let behaviour = #"{"turnError": {"codexErrorInfo": {"httpConnectionFailed": {"httpStatusCode": 502}}, "willRetry": true}}"#
        let messages = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            await session.waitFor("turn/completed")
            return await session.messages()
        }.result
        let error = messages.first { $0.method == "error" }?.json?["params"]
        #expect(error?["willRetry"] == true)
        #expect(error?["error"]?["codexErrorInfo"] == ["httpConnectionFailed": ["httpStatusCode": 502]])
        #expect(messages.last?.json?["params"]?["turn"]?["status"] == "completed")
    }

    @Test("FAIL400 in the input reproduces the captured upstream failure")
    func fail400Trigger() async throws {
        let turn = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "FAIL400 please")
            await session.waitFor("turn/completed")
            return await session.all("turn/completed").first?["params"]?["turn"]
        }.result
        #expect(turn?["status"] == "failed")
        #expect(turn?["error"]?["codexErrorInfo"] == "other")
        #expect(turn?["error"]?["message"] == #"{"error": {"message": "mock bad request", "type": "invalid_request_error", "code": "bad"}}"#)
    }

    @Test("overload.everyNth answers every Nth turn/start with -32001")
    func overloadEveryNth() async throws {
        let replies = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"overload": {"everyNth": 2}}"#)) { session in
            try await session.handshake()
            var replies: [JSONValue?] = []
            for id in 1...4 {
                let thread = try await session.startThread(id: .string("t\(id)"))
                try await session.request(.integer(Int64(id)), "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": "hi"]]])
                replies.append(await session.reply(to: .integer(Int64(id))))
            }
            return replies
        }.result
        let overloaded: JSONValue = ["code": -32001, "message": "Server overloaded; retry later."]
        #expect(replies.map { $0?["error"] } == [nil, overloaded, nil, overloaded])
        #expect(replies[0]?["result"]?["turn"]?["status"] == "inProgress")
    }
}
