import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Scripted crashes: when they fire, how the process dies, what it leaves behind.
@Suite("Scripted crash")
struct CrashBehaviourTests {
    @Test("crash.afterDeltas exits with the given code right after the Nth delta")
    func crashAfterDeltasUsesExitCode() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let behaviour = #"{"crash": {"afterDeltas": 3, "exitCode": 3}, "reply": "abcdefghijklmnop", "chunkSize": 2}"#
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour, stateDirectory: state.path)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            try await session.request(2, "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": "go"]]])
            _ = await session.waitUntil(timeout: .seconds(10)) { _ in false }
        }
        #expect(outcome.termination == .exited(3))
        let deltas = outcome.transcript.serverLines.filter { $0.contains(#""method":"item/agentMessage/delta""#) }
        #expect(deltas.count == 3)
        #expect(outcome.transcript.serverLines.last?.contains(#""delta":"ef""#) == true)
        let crash = StateDirectoryReader(path: state.path).events("crash").first
        #expect(crash?["exitCode"] == 3)
        #expect(crash?["reason"] == "afterDeltas(3)")
    }

    @Test("crash.afterTurns dies by the given signal after the Nth turn/completed")
    func crashAfterTurnsUsesSignal() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"crash": {"afterTurns": 2, "signal": "SIGKILL"}}"#)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "one")
            await session.waitFor("turn/completed")
            try await session.request(3, "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": "two"]]])
            _ = await session.waitUntil(timeout: .seconds(10)) { _ in false }
        }
        #expect(outcome.termination == .signaled(SIGKILL))
        #expect(outcome.transcript.serverLines.filter { $0.contains(#""method":"turn/completed""#) }.count == 2)
        #expect(outcome.transcript.serverLines.last?.contains(#""method":"turn/completed""#) == true)
    }

    @Test("crash.onHandshake dies before answering initialize, with exit code 1 by default")
    func crashOnHandshake() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"crash": {"onHandshake": true}}"#)) { session in
            try await session.request(0, "initialize", ["clientInfo": ["name": "probe", "version": "1"]])
            _ = await session.waitUntil(timeout: .seconds(10)) { _ in false }
        }
        #expect(outcome.termination == .exited(1))
        #expect(outcome.transcript.serverLines.isEmpty)
    }

    @Test("a SIGSEGV crash is a signal death without a Swift backtrace")
    func crashBySegmentationFault() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"crash": {"onHandshake": true, "signal": "SIGSEGV"}}"#)) { session in
            try await session.request(0, "initialize", ["clientInfo": ["name": "probe", "version": "1"]])
            _ = await session.waitUntil(timeout: .seconds(10)) { _ in false }
        }
        #expect(outcome.termination == .signaled(SIGSEGV))
        #expect(!outcome.standardError.contains("Backtrace"))
    }

    @Test("truncatedFinalLine leaves a partial line without newline when crashing")
    func crashLeavesTruncatedLine() async throws {
        let behaviour = #"{"crash": {"afterTurns": 1, "exitCode": 7}, "truncatedFinalLine": true}"#
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            _ = await session.waitUntil(timeout: .seconds(10)) { _ in false }
        }
        #expect(outcome.termination == .exited(7))
        let last = try #require(outcome.transcript.serverLines.last)
        #expect(last == OutputLines.truncated)
        #expect((try? JSONParser().parse(last)) == nil)
    }
}
