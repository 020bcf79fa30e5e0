import Foundation
import Subprocess
import TestSupport
import Testing

@testable import LoadSim

/// The runner end to end, with the real codex-proxy and fake-codex as child processes.
@Suite("Scenario runner", .timeLimit(.minutes(3)))
struct RunnerTests {
    static var options: RunOptions {
        RunOptions(
            proxyBinary: BuiltProducts.path(of: "codex-proxy"), workerBinary: BuiltProducts.path(of: "fake-codex"), realCodexBinary: nil,
            mockScript: BuiltProducts.repositoryRoot.appendingPathComponent("Tests/RealCodex/mock_responses_api.py").path,
            progress: ProgressLine(enabled: false)
        )
    }

    static let killScenario = """
        name: kill-in-test
        proxy:
          env: {WORKER_BACKOFF_INITIAL_MS: 200}
        worker:
          behaviour: {reply: "one two three four five six", chunkSize: 4, deltaDelayMs: 30}
        steady_state:
          before: [{probe: readyz, status: 200}]
          after: [{probe: readyz, status: 200}]
        load:
          concurrency: 3
          duration_ms: 2500
          max_requests: 200
          clients:
            - {behaviour: rst, stream: true, count: 1, at_ms: 100, after_ms: 100}
        faults:
          - {at_ms: 800, action: kill_worker}
        expect:
          - name: readiness drops and recovers
            readiness: {after_fault: 0, drops_within_ms: 500, recovers_within_ms: 1500}
          - name: served again
            requests: {outcome: success, min: 5}
          - name: the reset client is a disconnect
            requests: {outcome: disconnect, min: 1, max: 1}
          - name: the exit is logged
            log: {event: worker_exited, min: 1}
        break:
          proxy_env: {WORKER_BACKOFF_INITIAL_MS: 10000, WORKER_BACKOFF_MAX_MS: 10000}
          fails: readiness drops and recovers
        """

    @Test("a worker kill under load passes, and under its break the named expectation fails")
    func killAndProve() async throws {
        let scenario = try ScenarioLoader.parse(Self.killScenario, file: "kill.yaml")
        let runner = ScenarioRunner(options: Self.options)
        let result = await runner.run(scenario)
        #expect(result.verdict == .pass, "\(SummaryTable.line(result))")
        #expect(result.faults.count == 1)
        #expect(result.faults.first?.note.hasPrefix("SIGKILL to worker") == true)
        let broken = await runner.run(scenario, broken: true)
        let proof = Proof.judge(scenario: scenario, brokenRun: broken)
        #expect(proof.verdict == .pass, "\(proof.observed)")
    }

    @Test("a real-worker scenario outside a loopback-only namespace or without the binary is inconclusive, never pass")
    func realWithoutPrerequisites() async throws {
        let scenario = try ScenarioLoader.parse(
            "name: real\nworker: {kind: real}\nexpect:\n  - name: ok\n    requests: {outcome: success, min: 1}\nbreak: {proxy_env: {A: 1}, fails: ok}\n", file: "real.yaml"
        )
        let result = await ScenarioRunner(options: Self.options).run(scenario)
        #expect(result.verdict == .inconclusive)
        #expect(result.note?.contains("real codex") == true)
    }

    @Test("loadsim run exits 64 naming the file, line and field of a bad scenario")
    func badFileExit() async throws {
        let folder = try TemporaryDirectory("loadsim-bad")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("bad.yaml").path
        try Data("name: bad\nload:\n  concurrency: lots\nexpect: []\nbreak: {}\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try await Subprocess.run(
            .path(.init(BuiltProducts.path(of: "loadsim"))), arguments: ["run", file], output: .string(limit: 1 << 16), error: .string(limit: 1 << 16)
        )
        #expect(result.terminationStatus == .exited(64))
        #expect(result.standardError.contains("\(file):3: load.concurrency: expected an integer"), "\(result.standardError)")
    }
}
