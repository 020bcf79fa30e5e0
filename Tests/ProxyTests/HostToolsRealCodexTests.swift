import Foundation
import OrderedJSON
import TestSupport
import Testing

/// What an API client can make the real codex 0.163.0 do on the proxy's host, per
/// `CODEX_HOST_TOOLS` / `CODEX_SHELL_SNAPSHOT`, seen from the model's side: the mock Responses
/// API records every request codex sends it, so the tests read exactly what reached the model.
///
/// codex accepts unknown `thread/start` options and `config` keys silently, so these checks pin
/// that the options the proxy sends still have their effect on the installed binary.
@Suite("Host tools over the real codex", .enabled(if: RealCodex.binaryPath != nil), .serialized, .timeLimit(.minutes(3)))
struct HostToolsRealCodexTests {
    @Test("by default the model's exec_command is refused: a canary outside the work directory never reaches the model")
    func defaultKeepsTheHostClosed() async throws {
        let run = try await HostRun.chat(environment: [:]) { canary in "RUNCMD:cat \(canary)" }
        defer { run.remove() }
        #expect(run.status == 200, "\(run.body)")
        #expect(run.requests.count == 2, "the call and its answer: \(run.requests.count) model requests")
        #expect(!run.requestText.contains(run.canarySecret), "the canary reached the model")
        #expect(run.toolOutputs == ["unsupported call: exec_command"])
        #expect(!run.toolNames.contains("exec_command"), "tools offered to the model: \(run.toolNames)")
        #expect(run.snapshots.isEmpty, "shell snapshots: \(run.snapshots)")
    }

    @Test("CODEX_HOST_TOOLS=read-only hands the model a shell that reads outside the work directory")
    func readOnlyOpensTheHost() async throws {
        let run = try await HostRun.chat(environment: ["CODEX_HOST_TOOLS": "read-only"]) { canary in "RUNCMD:cat \(canary)" }
        defer { run.remove() }
        #expect(run.status == 200, "\(run.body)")
        #expect(run.toolNames.contains("exec_command"), "tools offered to the model: \(run.toolNames)")
        #expect(run.toolOutputs.count == 1)
        #expect(run.toolOutputs.first?.contains(run.canarySecret) == true, "tool output: \(run.toolOutputs)")
    }

    @Test("read-only without a shell snapshot still runs the model's command, and codex writes no snapshot")
    func readOnlyRunsCommandsWithoutSnapshot() async throws {
        let run = try await HostRun.chat(environment: ["CODEX_HOST_TOOLS": "read-only"]) { _ in "CALLTOOL now" }
        defer { run.remove() }
        #expect(run.status == 200, "\(run.body)")
        let output = try #require(run.toolOutputs.first, "no function_call_output reached the model")
        // The mock's command writes into the work directory, which the read-only sandbox refuses:
        // bash ran it and reported the refusal.
        #expect(output.contains("Process exited with code 1") && output.contains("Read-only file system"), "tool output: \(output)")
        // The control below shows that a snapshot, when codex takes one, is there by now.
        #expect(run.snapshots.isEmpty, "shell snapshots: \(run.snapshots)")
    }

    @Test("control: with CODEX_SHELL_SNAPSHOT=true codex writes a shell snapshot for the proxy's thread")
    func snapshotSettingRestoresSnapshots() async throws {
        let environment = ["CODEX_HOST_TOOLS": "read-only", "CODEX_SHELL_SNAPSHOT": "true"]
        let run = try await HostRun.chat(environment: environment, snapshotWait: .seconds(20)) { _ in "say hi" }
        defer { run.remove() }
        #expect(run.status == 200, "\(run.body)")
        #expect(!run.snapshots.isEmpty, "no file in $CODEX_HOME/shell_snapshots: the signal the other checks rely on is gone")
    }
}

/// One chat completion through the proxy in front of the real codex, with the mock's record of
/// what reached the model.
private struct HostRun {
    var status: Int
    var body: String
    /// Every request body the mock received, in order.
    var requests: [JSONValue]
    var canarySecret: String
    var codexHome: String
    /// Files in `$CODEX_HOME/shell_snapshots` once the response is in and the snapshot wait is
    /// over (or one appeared), while the worker still runs.
    var snapshots: [String]
    let folder: TemporaryDirectory

    var requestText: String { requests.map { String(decoding: $0.jsonBytes, as: UTF8.self) }.joined(separator: "\n") }

    /// The `output` of every `function_call_output` item codex sent the model (each request
    /// repeats the history, so they are deduplicated).
    var toolOutputs: [String] {
        var seen: [String] = []
        for request in requests {
            for item in request["input"]?.arrayValue ?? [] where item["type"]?.stringValue == "function_call_output" {
                let output = item["output"]?.stringValue ?? String(decoding: (item["output"] ?? .null).jsonBytes, as: UTF8.self)
                if !seen.contains(output) { seen.append(output) }
            }
        }
        return seen
    }

    /// Names of the tools offered in the first model request.
    var toolNames: [String] {
        (requests.first?["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue ?? $0["type"]?.stringValue }
    }

    func remove() { folder.remove() }

    static func listSnapshots(_ codexHome: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: codexHome + "/shell_snapshots")) ?? []
    }

    /// Runs one non-streaming chat completion whose text is `message(canaryPath)`, where the
    /// canary is a file with a random secret in a directory outside the worker's work directory.
    /// After the response it watches `$CODEX_HOME/shell_snapshots` for up to `snapshotWait`.
    static func chat(
        environment: [String: String],
        snapshotWait: Duration = .seconds(2),
        message: (String) -> String
    ) async throws -> HostRun {
        let real = try #require(RealCodex.binaryPath)
        try #require(FileManager.default.isExecutableFile(atPath: real), "CODEX_REAL_BIN=\(real) is not an executable file")
        if let violation = NetworkIsolation.violation() {
            throw IsolationViolation(message: violation)
        }
        let folder = try TemporaryDirectory("host-tools")
        do {
            let launcher = try RealCodexProxyTests.writeLauncher(for: real, in: folder.url)
            let secret = "canary-\(UUID().uuidString)"
            let canaryDirectory = folder.url.appendingPathComponent("outside")
            let dumps = folder.url.appendingPathComponent("model-requests")
            for directory in [canaryDirectory, dumps] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
            let canary = canaryDirectory.appendingPathComponent("canary.txt")
            try Data((secret + "\n").utf8).write(to: canary)
            let codexHome = folder.url.appendingPathComponent("codex-home").path
            let text = message(canary.path)
            let (status, body, snapshots) = try await MockResponsesServer.withServer(dumpDirectory: dumps.path) { port in
                let arguments = RealCodex.mockSettings(port: port).map { "-c '\($0)'" }.joined(separator: " ")
                var settings = ["CODEX_BIN": launcher, "CODEX_ARGS": arguments, "CODEX_WORKDIR": folder.url.appendingPathComponent("work").path]
                settings.merge(environment) { $1 }
                return try await ProxyHarness.run(environment: settings) { proxy in
                    let exchange = try await proxy.chat(ProxyHarness.chatBody(text))
                    let deadline = ContinuousClock.now + snapshotWait
                    var snapshots = listSnapshots(codexHome)
                    while snapshots.isEmpty, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(100))
                        snapshots = listSnapshots(codexHome)
                    }
                    return (exchange.status, String(decoding: exchange.body.prefix(4096), as: UTF8.self), snapshots)
                }
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: dumps.path).filter { $0.hasSuffix(".json") }.sorted()
            let requests = try names.map { name in
                let data = try Data(contentsOf: dumps.appendingPathComponent(name))
                return try JSONParser().parse(Array(data))["body"] ?? .null
            }
            return HostRun(
                status: status, body: body, requests: requests, canarySecret: secret, codexHome: codexHome,
                snapshots: snapshots, folder: folder
            )
        } catch {
            folder.remove()
            throw error
        }
    }
}

/// The test would have run the real binary outside a loopback-only network namespace.
private struct IsolationViolation: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
