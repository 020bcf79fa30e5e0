import Foundation
import Proxy
import OrderedJSON
import Subprocess
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Key rotation in a real `codex-proxy` process: SIGHUP re-reads the file without a restart and
/// without touching a stream in flight; bad files are refused at start and on reload.
@Suite("Key rotation with SIGHUP", .timeLimit(.minutes(2)))
struct KeyRotationProcessTests {
    static let old = KeyFixture.Key(name: "old")
    static let new = KeyFixture.Key(name: "new", limits: ["requests_per_minute": 50])
    static let stays = KeyFixture.Key(name: "stays")

    /// A reply paced so that a stream is still open while the keys change.
    static let pacedReply: JSONValue = ["reply": "one two three four five six seven eight", "chunkSize": 4, "deltaDelayMs": 150]

    @Test("SIGHUP admits a new key and drops a removed one, while the removed key's stream in flight runs to [DONE]")
    func sighupRotation() async throws {
        let keys = try KeyFixture([Self.old, Self.stays])
        defer { keys.remove() }
        let behaviour = keys.folder.url.appendingPathComponent("behaviour.json")
        try Data(Self.pacedReply.jsonBytes).write(to: behaviour)
        var environment = keys.environment
        environment["FAKE_CODEX_BEHAVIOUR"] = behaviour.path
        let proxy = try await ProxyProcess.start(environment: environment)
        defer { proxy.terminate() }
        let client = try await proxy.waitUntilReady()
        #expect(try await client.get("/v1/models", headers: [Self.new.bearer]).status == 401)

        let inFlight = try await StreamingRequest.open(client, body: ProxyHarness.chatBody("hi", stream: true), headers: [Self.old.bearer])
        #expect(inFlight.status == 200)
        try await inFlight.waitFor("\"content\":\"one")

        try keys.write([Self.new, Self.stays])
        kill(proxy.pid, SIGHUP)
        try await client.waitUntil("keys_reloaded in the proxy's log", timeout: .seconds(10)) { proxy.logText.contains("keys_reloaded") }
        let admitted = try await client.get("/v1/models", headers: [Self.new.bearer])
        #expect(admitted.status == 200)
        #expect(admitted.header("x-ratelimit-limit-requests") == "50")
        #expect(try await client.get("/v1/models", headers: [Self.old.bearer]).status == 401)
        #expect(try await client.get("/v1/models", headers: [Self.stays.bearer]).status == 200)

        let events = try await inFlight.finish()
        #expect(events.last == .done, "the stream in flight was cut: \(events)")
        let text = events.compactMap { $0.json?["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == "one two three four five six seven eight")

        let reloaded = try #require(Self.logLines(proxy, "keys_reloaded").first)
        #expect(reloaded["trigger"] == "sighup")
        #expect(reloaded["keys"] == 2 && reloaded["added"] == 1 && reloaded["removed"] == 1)
        #expect(!proxy.logText.contains(Self.old.secret) && !proxy.logText.contains(Self.new.secret))
        #expect(Self.logLines(proxy, "server_started").count == 1, "no restart")
    }

    @Test("SIGHUP with an invalid file keeps the previous keys and logs keys_reload_failed with the line and field")
    func invalidFileOnReload() async throws {
        let keys = try KeyFixture([Self.old])
        defer { keys.remove() }
        let proxy = try await ProxyProcess.start(environment: keys.environment)
        defer { proxy.terminate() }
        let client = try await proxy.waitUntilReady()
        try keys.write(text: "keys:\n  - name: old\n    hash: \(KeyDigest(of: Self.old.secret))\n  - name: new\n    key: \(Self.new.secret)\n")
        kill(proxy.pid, SIGHUP)
        try await client.waitUntil("keys_reload_failed in the proxy's log", timeout: .seconds(10)) { proxy.logText.contains("keys_reload_failed") }
        let failed = try #require(Self.logLines(proxy, "keys_reload_failed").first)
        #expect(failed["file_line"] == 5)
        #expect(failed["field"] == "keys[1].key")
        #expect(failed["error"]?.stringValue?.contains("plain keys are refused") == true)
        #expect(!proxy.logText.contains(Self.new.secret))
        #expect(try await client.get("/v1/models", headers: [Self.old.bearer]).status == 200)
        #expect(try await client.get("/v1/models", headers: [Self.new.bearer]).status == 401)
        let metrics = try await client.scrape()
        #expect(metrics.value("codex_keys_reload_failures_total") == 1)
    }

    @Test("an invalid key file stops start-up with exit 78 naming the line and field; so does setting both key variables")
    func startUpErrors() async throws {
        let keys = try KeyFixture([Self.old])
        defer { keys.remove() }
        try keys.write(text: "keys:\n  - name: old\n    hash: \(KeyDigest(of: Self.old.secret))\n    requests_per_minute: many\n")
        let broken = try await ProxyProcess.start(environment: keys.environment)
        #expect(try await broken.waitForExit(timeout: .seconds(20)) == .exited(78))
        #expect(broken.logText.contains("line 4, field 'keys[0].requests_per_minute'"), "\(broken.logText)")

        var both = keys.environment
        both["PROXY_API_KEY"] = "also-a-key-0123456789"
        let conflicting = try await ProxyProcess.start(environment: both)
        #expect(try await conflicting.waitForExit(timeout: .seconds(20)) == .exited(78))
        #expect(conflicting.logText.contains("PROXY_API_KEY and PROXY_API_KEYS_FILE"), "\(conflicting.logText)")
    }

    @Test("keys hash prints the line to paste, never the key, and refuses weak input")
    func hashCommand() async throws {
        let binary = BuiltProducts.path(of: "codex-proxy")
        let key = "sk-test-hash-0123456789abcdef"
        let result = try await Subprocess.run(
            .path(.init(binary)), arguments: ["keys", "hash"], input: .string(key + "\n"), output: .string(limit: 4096), error: .string(limit: 4096)
        )
        #expect(result.terminationStatus == .exited(0))
        #expect(result.standardOutput == "hash: \(KeyDigest(of: key))\n")
        let parsed = try KeyFileParser.parse("keys:\n  - name: pasted\n    \(result.standardOutput)")
        #expect(parsed.entries.first?.digest == KeyDigest(of: key))

        for weak in ["", "short-key", "has a space in it 0123456789"] {
            let refused = try await Subprocess.run(
                .path(.init(binary)), arguments: ["keys", "hash"], input: .string(weak), output: .string(limit: 4096), error: .string(limit: 4096)
            )
            #expect(refused.terminationStatus == .exited(65), "\(weak)")
            #expect(refused.standardOutput.isEmpty)
            #expect(!refused.standardError.contains(weak) || weak.isEmpty)
        }
    }

    static func logLines(_ proxy: ProxyProcess, _ event: String) -> [JSONValue] {
        proxy.logText.split(separator: "\n").compactMap { try? JSONParser().parse(Array($0.utf8)) }.filter { $0["event"]?.stringValue == event }
    }
}
