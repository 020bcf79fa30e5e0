import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Reply text, chunking, pacing and usage of ordinary turns.
@Suite("Turn replies")
struct TurnBehaviourTests {
    /// Runs one turn with `text` and returns the deltas and the completed agent message text.
    func runTurn(behaviour: String? = nil, arguments: [String] = [], text: String) async throws -> (deltas: [String], completed: String?, usage: [JSONValue]) {
        try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour, arguments: arguments)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: text)
            await session.waitFor("turn/completed")
            let deltas = await session.all("item/agentMessage/delta").compactMap { $0["params"]?["delta"]?.stringValue }
            let completed = await session.all("item/completed").last?["params"]?["item"]?["text"]?.stringValue
            return (deltas, completed, await session.all("thread/tokenUsage/updated"))
        }.result
    }

    @Test("the default reply is Hello world in the captured deltas")
    func defaultReply() async throws {
        let turn = try await runTurn(text: "say hi")
        #expect(turn.deltas == ["Hel", "lo ", "world"])
        #expect(turn.completed == "Hello world")
    }

    @Test("a behaviour reply is chunked by chunkSize without splitting graphemes")
    func behaviourReplyIsChunkedByGraphemes() async throws {
        let reply = "Grüße, 世界! 👋🏽🇫🇷 e\u{301}"
        let turn = try await runTurn(behaviour: #"{"reply": "\#(reply)", "chunkSize": 2}"#, text: "hi")
        #expect(turn.deltas.joined() == reply)
        #expect(turn.completed == reply)
        #expect(turn.deltas.allSatisfy { $0.count <= 2 && !$0.isEmpty })
        // A split cluster would count as two characters on the two sides of the cut.
        #expect(turn.deltas.reduce(0) { $0 + $1.count } == reply.count)
        #expect(turn.deltas.contains { $0.hasSuffix("👋🏽") })
    }

    @Test("REPLY: in the input wins over the behaviour reply and ends at the line end")
    func replyTriggerWins() async throws {
        let turn = try await runTurn(behaviour: #"{"reply": "not this"}"#, text: "please REPLY:The quick brown fox.\nignored")
        #expect(turn.completed == "The quick brown fox.")
        #expect(turn.deltas == ["The ", "quic", "k br", "own ", "fox."])
    }

    @Test("token usage follows the documented formula and accumulates over a thread's turns")
    func tokenUsageAccumulates() async throws {
        let usage = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "say hi")
            await session.waitFor("turn/completed")
            _ = try await session.startTurn(id: 3, threadID: thread, text: "REPLY:0123456789")
            await session.waitFor("turn/completed", count: 2)
            return await session.all("thread/tokenUsage/updated").compactMap { $0["params"]?["tokenUsage"] }
        }.result
        #expect(usage.count == 2)
        let first = try #require(usage.first?["last"])
        #expect(first["inputTokens"] == 102)  // 100 + ceil(6 / 4)
        #expect(first["cachedInputTokens"] == 10)
        #expect(first["outputTokens"] == 5)  // ceil(11 / 4) + 2
        #expect(first["reasoningOutputTokens"] == 2)
        #expect(first["totalTokens"] == 107)
        let second = try #require(usage.last)
        #expect(second["last"]?["totalTokens"] == 109)  // 100 + ceil(16 / 4) + ceil(10 / 4) + 2
        #expect(second["total"]?["totalTokens"] == 216)
        #expect(second["modelContextWindow"] == 258_400)
    }

    @Test("firstTokenDelayMs and deltaDelayMs pace the deltas")
    func delaysPaceTheDeltas() async throws {
        let behaviour = #"{"reply": "abcdef", "chunkSize": 2, "firstTokenDelayMs": 300, "deltaDelayMs": 150}"#
        // Measured on the fake's own emittedAtMs stamps, so test-side scheduling cannot shrink them.
        let stamps = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            await session.waitFor("turn/completed")
            return await session.messages()
                .filter { $0.method == "item/agentMessage/delta" || ($0.method == "item/started" && $0.json?["params"]?["item"]?["type"] == "agentMessage") }
                .compactMap { $0.json?["emittedAtMs"]?.integerValue }
        }.result
        #expect(stamps.count == 4)
        let gaps = zip(stamps.dropFirst(), stamps).map { Duration.milliseconds($0 - $1) }
        #expect(gaps[0] >= .milliseconds(300))
        #expect(gaps[1] >= .milliseconds(150))
        #expect(gaps[2] >= .milliseconds(150))
    }

    @Test("a reply over 128 KiB arrives intact in single lines")
    func longReplyFitsInOneLine() async throws {
        let reply = String(repeating: "0123456789abcdef", count: 10_000)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Too long for an environment variable (128 KiB per string): passed as a file.
        try #"{"reply": "\#(reply)", "chunkSize": 200000}"#.write(toFile: "\(directory.path)/long.json", atomically: true, encoding: .utf8)
        let turn = try await runTurn(arguments: ["--behaviour", "\(directory.path)/long.json"], text: "hi")
        #expect(turn.deltas.count == 1)
        #expect(turn.deltas.first?.utf8.count == 160_000)
        #expect(turn.completed == reply)
    }

    @Test("SLOW streams 30 tick deltas, the first after half a second")
    func slowTriggerStreamsSlowly() async throws {
        let (first, second) = try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            let started = ContinuousClock.now
            _ = try await session.startTurn(id: 2, threadID: thread, text: "SLOW please")
            await session.waitFor("item/agentMessage/delta")
            let first = ContinuousClock.now - started
            await session.waitFor("item/agentMessage/delta", count: 2)
            return (first, await session.all("item/agentMessage/delta").compactMap { $0["params"]?["delta"]?.stringValue })
        }.result
        #expect(first >= .milliseconds(450))
        #expect(second == ["tick1 ", "tick2 "])
    }
}
