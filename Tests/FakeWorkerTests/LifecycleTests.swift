import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Process lifecycle, interrupts, unsubscribe and concurrency.
@Suite("Lifecycle and concurrency")
struct LifecycleTests {
    @Test("end of input exits 0 promptly even with a turn in flight")
    func endOfInputExitsZero() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "SLOW")
        }
        // Exit 0 (not the harness's kill) before the 30 s turn could complete: the order of events
        // shows the exit came from the end of input.
        #expect(outcome.termination == .exited(0))
        #expect(!outcome.transcript.serverLines.contains { $0.contains("turn/completed") })
    }

    @Test("SIGTERM ends the process promptly with exit code 0, as codex does")
    func sigtermEndsPromptly() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            return await session.terminateAndTimeExit()
        }
        // Exit 0 is the fake's SIGTERM handler; a process that ignored it would be killed by the harness.
        #expect(outcome.termination == .exited(0))
    }

    @Test("an interrupted turn answers {} and completes interrupted; interrupting it again waits for the next turn")
    func interruptSemantics() async throws {
        let messages = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            let turn = try await session.startTurn(id: 2, threadID: thread, text: "SLOW please")
            await session.waitFor("item/agentMessage/delta")
            try await session.request(3, "turn/interrupt", ["threadId": .string(thread), "turnId": .string(turn)])
            await session.waitFor("turn/completed")
            try await session.request(4, "turn/interrupt", ["threadId": .string(thread), "turnId": .string(turn)])
            try await session.request(5, "turn/interrupt", ["threadId": .string(thread), "turnId": "nope"])
            let mismatch = await session.reply(to: 5)
            #expect(await session.reply(to: 4, timeout: .milliseconds(200)) == nil)
            _ = try await session.startTurn(id: 6, threadID: thread, text: "hi")
            await session.waitFor("turn/completed", count: 2)
            #expect(await session.reply(to: 4)?["result"] == [:])
            return (mismatch, await session.messages())
        }.result
        #expect(messages.0?["error"]?["message"] == .string("expected active turn id nope but found \(messages.1.first { $0.method == "turn/started" }!.json!["params"]!["turn"]!["id"]!.stringValue!)"))
        let completed = messages.1.filter { $0.method == "turn/completed" }.compactMap { $0.json?["params"]?["turn"]?["status"] }
        #expect(completed == ["interrupted", "completed"])
    }

    @Test("thread/unsubscribe answers unsubscribed, then notSubscribed, and notLoaded for unknown threads")
    func unsubscribeStatuses() async throws {
        let replies = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            var replies: [JSONValue?] = []
            for (id, threadID) in [(2, thread), (3, thread), (4, "01a2290f-3096-7223-9b4b-165cdedfdbe5")] {
                try await session.request(.integer(Int64(id)), "thread/unsubscribe", ["threadId": .string(threadID)])
                replies.append(await session.reply(to: .integer(Int64(id)))?["result"]?["status"])
            }
            return replies
        }.result
        #expect(replies == ["unsubscribed", "notSubscribed", "notLoaded"])
    }

    @Test("many concurrent turns on one process all complete with intact, non-interleaved lines")
    func concurrentTurnsComplete() async throws {
        let threads = 24
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"deltaDelayMs": 5}"#)) { session in
            try await session.handshake()
            var threadIDs: [String] = []
            for index in 0..<threads { threadIDs.append(try await session.startThread(id: .string("t\(index)"))) }
            for (index, thread) in threadIDs.enumerated() {
                try await session.request(.string("u\(index)"), "turn/start", ["threadId": .string(thread), "input": [["type": "text", "text": .string("REPLY:reply number \(index) for its own thread")]]])
            }
            #expect(await session.waitFor("turn/completed", count: threads, timeout: .seconds(20)))
            return threadIDs
        }
        let messages = outcome.transcript.serverLines.map(ServerMessage.init(line:))
        #expect(!messages.contains { $0.kind == .unparsable })
        for (index, thread) in outcome.result.enumerated() {
            let deltas = messages.filter { $0.method == "item/agentMessage/delta" && $0.json?["params"]?["threadId"] == .string(thread) }
            let text = deltas.compactMap { $0.json?["params"]?["delta"]?.stringValue }.joined()
            #expect(text == "reply number \(index) for its own thread")
            let completed = messages.first { $0.method == "turn/completed" && $0.json?["params"]?["threadId"] == .string(thread) }
            #expect(completed?.json?["params"]?["turn"]?["items"]?.arrayValue?.first?["text"] == .string(text))
        }
    }
}
