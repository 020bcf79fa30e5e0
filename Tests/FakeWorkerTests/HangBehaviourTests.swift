import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Scripted hangs: the process stops answering but stays alive and keeps reading its input.
@Suite("Scripted hang")
struct HangBehaviourTests {
    @Test("hang.afterDeltas stops all output after the Nth delta but keeps reading stdin")
    func hangAfterDeltas() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let behaviour = #"{"hang": {"afterDeltas": 2}, "reply": "one two three four", "chunkSize": 4}"#
        let launch = FakeCodex.launch(behaviour: behaviour, stateDirectory: state.path, exitTimeout: .milliseconds(800))
        let started = ContinuousClock.now
        let outcome = try await AppServerSession.run(launch) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            try await session.request(2, "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": "go"]]])
            #expect(await session.waitFor("item/agentMessage/delta", count: 2))
            try await Task.sleep(for: .milliseconds(300))
            try await session.request(3, "thread/start", [:])
            #expect(await session.reply(to: 3, timeout: .milliseconds(500)) == nil)
            return await session.receivedLines
        }
        // Still alive at end of input: killed after the exit timeout.
        #expect(outcome.termination == .signaled(SIGKILL))
        #expect(ContinuousClock.now - started >= .milliseconds(800))
        #expect(outcome.result.last?.contains(#""delta":"two ""#) == true)
        #expect(outcome.result.filter { $0.contains("item/agentMessage/delta") }.count == 2)
        let reader = StateDirectoryReader(path: state.path)
        #expect(reader.events("hang").first?["reason"] == "afterDeltas(2)")
        #expect(reader.events("received").contains { $0["id"] == 3 && $0["method"] == "thread/start" })
    }

    @Test("hang.onHandshake never answers initialize, and SIGTERM still ends it promptly")
    func hangOnHandshakeEndsOnSIGTERM() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"hang": {"onHandshake": true}}"#)) { session in
            try await session.request(0, "initialize", ["clientInfo": ["name": "probe", "version": "1"]])
            #expect(await session.reply(to: 0, timeout: .milliseconds(400)) == nil)
            return await session.terminateAndTimeExit()
        }
        // Exit 0 is the fake's SIGTERM handler; a hung process that ignored it would be killed by the harness.
        #expect(outcome.termination == .exited(0))
    }

    @Test("hang.afterTurns lets the Nth turn complete, then answers nothing")
    func hangAfterTurns() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"hang": {"afterTurns": 1}}"#, exitTimeout: .milliseconds(300))) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            #expect(await session.waitFor("turn/completed"))
            try await session.request(3, "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": "again"]]])
            return await session.reply(to: 3, timeout: .milliseconds(400))
        }
        #expect(outcome.result == nil)
        #expect(outcome.transcript.serverLines.last?.contains(#""method":"turn/completed""#) == true)
    }
}
