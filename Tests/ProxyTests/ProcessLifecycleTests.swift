import Foundation
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `codex-proxy` executable as operators run it: configuration errors, SIGTERM drain, exit code.
@Suite("codex-proxy process lifecycle", .timeLimit(.minutes(3)))
struct ProcessLifecycleTests {
    @Test("an invalid setting stops start-up with a message naming the variable", arguments: [
        ("WORKER_MAX_CONCURRENCY", "many"), ("PROXY_PORT", "70000"), ("PROXY_MAINTENANCE_MODE", "maybe"), ("WORKER_BACKOFF_INITIAL_MS", "-5"),
        ("CODEX_HOST_TOOLS", "full"), ("CODEX_SHELL_SNAPSHOT", "sometimes"),
    ])
    func invalidConfiguration(variable: String, value: String) async throws {
        let result = try await Subprocess.run(
            .path(FilePath(BuiltProducts.path(of: "codex-proxy"))),
            environment: .inherit.updating([.init(stringLiteral: variable): value, "CODEX_BIN": BuiltProducts.path(of: "fake-codex")]),
            output: .string(limit: 65536),
            error: .string(limit: 65536)
        )
        #expect(result.terminationStatus == .exited(78))
        let message = result.standardError
        #expect(message.contains(variable), "stderr: \(message)")
        #expect(message.contains(value))
    }

    @Test("the harness's kill takes the worker with it, even one that hangs and never reads its input again")
    func killedProxyLeavesNoWorker() async throws {
        let process = try await ProxyProcess.start(environment: [
            "FAKE_CODEX_BEHAVIOUR_JSON": #"{"hang": {"onHandshake": true}}"#, "WORKER_HANDSHAKE_TIMEOUT_MS": "60000",
        ])
        var workers: [pid_t] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while workers.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            workers = ProxyProcess.children(of: process.pid)
        }
        let worker = try #require(workers.first, "the proxy started its worker")
        process.terminate()
        // Gone, or a zombie waiting for init to reap it: either way no longer running.
        func running() -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(worker)/stat", encoding: .utf8) else { return false }
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            return state != "Z" && state != "X"
        }
        while running(), ContinuousClock.now < deadline + .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!running(), "worker \(worker) still runs")
    }

    @Test("SIGTERM: readiness drops, new requests get 503, the in-flight stream finishes, the worker is stopped, exit 0")
    func sigtermDrain() async throws {
        let folder = try TemporaryDirectory("drain-test").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let behaviourPath = folder.appendingPathComponent("behaviour.json")
        let behaviour: JSONValue = ["reply": "slow and steady wins", "chunkSize": 2, "deltaDelayMs": 150]
        try Data(behaviour.jsonBytes).write(to: behaviourPath)
        let state = folder.appendingPathComponent("state").path
        let process = try await ProxyProcess.start(environment: [
            "CODEX_ARGS": "--state-dir '\(state)' --behaviour '\(behaviourPath.path)'",
            "WORKER_SHUTDOWN_GRACE_MS": "10000",
        ])
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()

        let stream = Task { try await proxy.chat(ProxyHarness.chatBody("long answer", stream: true)) }
        try await proxy.waitUntil("the stream is under way", timeout: .seconds(20)) {
            (try? String(contentsOfFile: state + "/events.jsonl", encoding: .utf8))?.contains("turn/start") == true
        }
        try await Task.sleep(for: .milliseconds(200))
        kill(process.pid, SIGTERM)
        try await proxy.waitUntil("readiness false", timeout: .seconds(20)) { try await proxy.get("/readyz").status == 503 }
        let refused = try await proxy.chat(ProxyHarness.chatBody("too late"))
        #expect(refused.status == 503)
        #expect(refused.error?["code"] == "draining", "new requests are refused; only turns cut at the end of the grace get shutting_down")
        #expect(refused.header("Retry-After") != nil)

        let finished = try await stream.value
        #expect(finished.events.last == .done, "the in-flight stream finished")
        let text = finished.events.compactMap { $0.json?["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "slow and steady wins")

        let status = try await process.waitForExit(timeout: .seconds(15))
        #expect(status == .exited(0))
        let events = try String(contentsOfFile: state + "/events.jsonl", encoding: .utf8)
        #expect(events.contains(#""event":"exit""#), "the worker saw stdin close and exited")
    }
}
