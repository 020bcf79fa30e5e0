import Foundation
import OrderedJSON
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM ends the process within the drain grace plus a bounded stop, whatever the clients do.
@Suite("Turn lifetime: shutdown within its bound", .timeLimit(.minutes(3)))
struct ShutdownBoundTests {
    @Test("SIGTERM with a client that never reads and a stream still running: retryable shutting_down error, exit 0 before the turn would end")
    func sigtermEndsEveryTurnAfterTheGrace() async throws {
        let folder = try TemporaryDirectory("shutdown-bound").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let behaviourPath = folder.appendingPathComponent("behaviour.json")
        let behaviour: JSONValue = ["reply": .string(String(repeating: "y", count: 8 << 20)), "chunkSize": 65536]
        try Data(behaviour.jsonBytes).write(to: behaviourPath)
        let state = folder.appendingPathComponent("state").path
        let process = try await ProxyProcess.start(environment: [
            "CODEX_ARGS": "--state-dir '\(state)' --behaviour '\(behaviourPath.path)'",
            "WORKER_SHUTDOWN_GRACE_MS": "1000",
        ])
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()

        let silent = try RawHTTPClient(port: proxy.port, receiveBuffer: 4096)
        try await silent.sendChat(ProxyHarness.chatBody("a lot", stream: true).jsonBytes, apiKey: ProxyHarness.apiKey)
        // SLOW streams for about 30 s, far beyond the grace.
        let reading = Task { try await proxy.chat(ProxyHarness.chatBody("SLOW", stream: true)) }
        try await proxy.waitUntil("both turns started", timeout: .seconds(20)) {
            let events = (try? String(contentsOfFile: state + "/events.jsonl", encoding: .utf8)) ?? ""
            return events.components(separatedBy: "\"method\":\"turn/start\"").count - 1 >= 2
        }
        try await Task.sleep(for: .milliseconds(300))
        kill(process.pid, SIGTERM)

        let streamed = try await reading.value
        let last = try #require(streamed.events.last?.json, "the reading client got a final event")
        #expect(last["error"]?["code"] == "shutting_down")
        #expect(last["error"]?["retryable"] == true)
        #expect(!streamed.events.contains(.done))
        // The SLOW turn would run ~30 s; the bound is grace (1 s) + 3 s. Several times that still
        // proves the drain enforces it rather than waiting for the turns.
        let status = try await process.waitForExit(timeout: .seconds(20))
        #expect(status == .exited(0))
        let (_, closed) = try await silent.readUntilClosed(timeout: .seconds(5))
        #expect(closed, "the client that never read was cut")
        let log = process.logText
        #expect(log.contains("drain_grace_over"))
        let events = try String(contentsOfFile: state + "/events.jsonl", encoding: .utf8)
        #expect(events.contains("\"method\":\"turn/interrupt\""), "the stopped turns were interrupted on the worker")
        #expect(events.contains(#""event":"exit""#), "the worker saw stdin close and exited")
    }
}
