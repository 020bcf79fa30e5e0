import Foundation
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// scripts/smoke: shellcheck clean, all PASS against a live proxy, and every check shown to fail
/// against a misconfigured proxy or against something that is not a proxy at all.
@Suite("Smoke scripts", .timeLimit(.minutes(4)))
struct SmokeScriptTests {
    static let folder = OpsTool.root.appendingPathComponent("scripts/smoke")
    static let maintenanceToken = TrafficMix.maintenanceToken

    /// One run of a smoke script: its exit status and the verdict of each check by name.
    struct Run: CustomStringConvertible {
        var succeeded: Bool
        var output: String
        var verdicts: [String: String] {
            var result: [String: String] = [:]
            for line in output.split(separator: "\n") {
                let words = line.split(separator: " ", maxSplits: 2)
                guard words.count >= 2, ["PASS", "FAIL"].contains(words[0]), words[1].hasSuffix(":") else { continue }
                result[String(words[1].dropLast())] = String(words[0])
            }
            return result
        }
        var description: String { output }
    }

    static func smoke(_ script: String, _ arguments: [String], apiKey: String = ProxyHarness.apiKey, maintenanceToken: String = maintenanceToken) async throws -> Run {
        let outcome = try await OpsTool.run(
            "bash", [folder.appendingPathComponent(script).path] + arguments,
            environment: ["PROXY_API_KEY": apiKey, "PROXY_MAINTENANCE_TOKEN": maintenanceToken, "PROXY_METRICS_TOKEN": "", "SMOKE_TIMEOUT_S": "10"]
        )
        return Run(succeeded: outcome.succeeded, output: outcome.output)
    }

    /// The checks each script reports, one line each, whatever the outcome.
    static let devChecks: Set<String> = [
        "livez", "readyz", "healthz", "metrics-scrape", "metrics-contract", "models", "chat", "chat-stream", "request-id", "error-envelope",
        "maintenance-on", "maintenance-off", "worker-restart", "restart-visibility",
    ]
    static let prodChecks: Set<String> = [
        "livez", "readyz", "healthz", "metrics-scrape", "metrics-contract", "models", "request-id", "error-envelope", "restart-visibility",
        "maintenance-state",
    ]

    static let healthyEnvironment = ["PROXY_ENABLE_METRICS": "true", "PROXY_MAINTENANCE_TOKEN": maintenanceToken, "WORKER_BACKOFF_INITIAL_MS": "100"]

    @Test("shellcheck passes on every smoke script")
    func shellcheckClean() async throws {
        let scripts = ["dev-smoke.sh", "prod-smoke.sh", "lib.sh"].map { "scripts/smoke/\($0)" }
        let outcome = try await OpsTool.run("shellcheck", ["-x"] + scripts, in: OpsTool.root)
        #expect(outcome.succeeded, "\(outcome)")
    }

    @Test("dev-smoke passes every check against a live proxy, killing its worker and seeing the restart in /healthz and the metrics")
    func devSmokePasses() async throws {
        let process = try await ProxyProcess.start(environment: Self.healthyEnvironment)
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()
        let run = try await Self.smoke("dev-smoke.sh", [proxy.baseURL])
        #expect(run.succeeded, "\(run)")
        #expect(Set(run.verdicts.keys) == Self.devChecks, "\(run)")
        #expect(run.verdicts.values.allSatisfy { $0 == "PASS" }, "\(run)")
        #expect(process.logText.components(separatedBy: "\"event\":\"maintenance_toggled\"").count - 1 == 2)
        #expect(try await proxy.get("/healthz").json["restart_count"]?.integerValue == 1)
    }

    @Test("prod-smoke passes without touching maintenance; only --allow-toggle turns it on and off")
    func prodSmokeTogglesOnlyWhenAllowed() async throws {
        let process = try await ProxyProcess.start(environment: Self.healthyEnvironment)
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()
        let readOnly = try await Self.smoke("prod-smoke.sh", [proxy.baseURL])
        #expect(readOnly.succeeded, "\(readOnly)")
        #expect(Set(readOnly.verdicts.keys) == Self.prodChecks, "\(readOnly)")
        #expect(readOnly.verdicts["maintenance-state"] == "PASS" && readOnly.verdicts["maintenance-on"] == nil, "\(readOnly)")
        #expect(readOnly.verdicts["chat"] == nil, "prod-smoke must not spend a completion")
        #expect(!process.logText.contains("maintenance_toggled"), "prod-smoke toggled maintenance without --allow-toggle")
        #expect(!process.logText.contains("stream_started"))

        let toggling = try await Self.smoke("prod-smoke.sh", ["--allow-toggle", proxy.baseURL])
        #expect(toggling.succeeded, "\(toggling)")
        #expect(toggling.verdicts["maintenance-on"] == "PASS" && toggling.verdicts["maintenance-off"] == "PASS", "\(toggling)")
        #expect(process.logText.components(separatedBy: "\"event\":\"maintenance_toggled\"").count - 1 == 2)
        #expect(try await proxy.get("/healthz").json["maintenance_mode"]?.boolValue == false)
    }

    @Test("wrong usage exits 2 with the usage line")
    func usage() async throws {
        for script in ["dev-smoke.sh", "prod-smoke.sh"] {
            let outcome = try await OpsTool.run("bash", [Self.folder.appendingPathComponent(script).path])
            #expect(!outcome.succeeded && outcome.output.contains("usage:"), "\(outcome)")
        }
    }

    @Test("every check fails when it should: a misconfigured proxy, and a server that is not a proxy")
    func everyCheckCanFail() async throws {
        // A proxy with metrics off, no maintenance endpoint and a worker that never finishes its
        // handshake, smoke-tested with the wrong API key.
        let process = try await ProxyProcess.start(environment: [
            "PROXY_ENABLE_METRICS": "false", "FAKE_CODEX_BEHAVIOUR_JSON": #"{"hang": {"onHandshake": true}}"#, "WORKER_HANDSHAKE_TIMEOUT_MS": "60000",
        ])
        defer { process.terminate() }
        let url = try await Self.listeningURL(process)
        let misconfigured = try await Self.smoke("dev-smoke.sh", [url], apiKey: "wrong-key-0123456789")
        #expect(!misconfigured.succeeded, "\(misconfigured)")
        #expect(Set(misconfigured.verdicts.keys) == Self.devChecks, "every check reports, even when it fails: \(misconfigured)")
        let verdicts = misconfigured.verdicts
        #expect(verdicts["livez"] == "PASS", "the process serves: \(misconfigured)")
        for check in ["readyz", "healthz", "metrics-scrape", "metrics-contract", "models", "chat", "chat-stream", "error-envelope", "maintenance-on", "maintenance-off", "worker-restart", "restart-visibility"] {
            #expect(verdicts[check] == "FAIL", "\(check) should fail against the misconfigured proxy: \(misconfigured)")
        }
        let prodMisconfigured = try await Self.smoke("prod-smoke.sh", [url], apiKey: "wrong-key-0123456789")
        #expect(!prodMisconfigured.succeeded)
        #expect(prodMisconfigured.verdicts["maintenance-state"] == "FAIL", "no metrics, no gauge: \(prodMisconfigured)")

        // Not a proxy: a static file server on loopback fails every check, request id included.
        let notAProxy = try await Self.withStaticServer { url in
            (try await Self.smoke("dev-smoke.sh", [url]), try await Self.smoke("prod-smoke.sh", [url]))
        }
        #expect(Set(notAProxy.0.verdicts.keys) == Self.devChecks && Set(notAProxy.1.verdicts.keys) == Self.prodChecks, "\(notAProxy)")
        for run in [notAProxy.0, notAProxy.1] {
            #expect(!run.succeeded)
            #expect(!run.verdicts.isEmpty && run.verdicts.values.allSatisfy { $0 == "FAIL" }, "\(run)")
        }
        #expect(notAProxy.0.verdicts["request-id"] == "FAIL" && notAProxy.1.verdicts["maintenance-state"] == "FAIL")
    }

    /// The base URL of a proxy process that may never become ready (read from `server_started`).
    static func listeningURL(_ process: ProxyProcess) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            for line in process.logText.split(separator: "\n") where line.contains("server_started") {
                if let port = (try? JSONParser().parse(String(line)))?["port"]?.integerValue {
                    return "http://127.0.0.1:\(port)"
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError.timedOut("server_started: \(process.logText)")
    }

    /// Runs `body` with a Python static file server on loopback (an empty folder).
    static func withStaticServer<Result: Sendable>(_ body: @Sendable (String) async throws -> Result) async throws -> Result {
        let folder = try TemporaryDirectory("static-server")
        defer { folder.remove() }
        let port = try FreePort.find()
        let outcome = try await Subprocess.run(
            .name("python3"), arguments: ["-m", "http.server", "--bind", "127.0.0.1", "--directory", folder.path, String(port)],
            input: .none, output: .discarded, error: .discarded
        ) { execution in
            defer { try? execution.send(signal: .terminate) }
            let url = "http://127.0.0.1:\(port)"
            let client = ProcessClient(baseURL: url)
            try await client.waitUntil("the static server", timeout: .seconds(10)) { (try? await client.get("/", authorized: false)) != nil }
            return try await body(url)
        }
        return outcome.closureResult
    }
}
