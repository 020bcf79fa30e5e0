import ConformanceKit
import Foundation
import Testing
import TestSupport

/// The real codex 0.163.0 and `fake-codex` driven through the same scripts and compared.
///
/// Runs only when `CODEX_REAL_BIN` names the real binary (PyPI `openai-codex-cli-bin==0.163.0`),
/// and then only inside a loopback-only network namespace: the isolation check runs before
/// anything starts and fails the test loudly, never skips it.
@Suite("Real codex conformance", .enabled(if: RealCodex.binaryPath != nil), .serialized)
struct RealCodexConformanceTests {
    static let scriptDirectories = ["Tests/Fixtures/live-scripts", "Tests/Fixtures/conformance-scripts"]

    static var scripts: [String] {
        scriptDirectories.flatMap { directory -> [String] in
            let url = BuiltProducts.repositoryRoot.appendingPathComponent(directory)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".txt") }.sorted().map { "\(directory)/\($0)" }
        }
    }

    @Test("fake-codex matches the real binary on the script", arguments: scripts)
    func fakeMatchesRealBinary(_ scriptPath: String) async throws {
        let real = try #require(RealCodex.binaryPath)
        try #require(FileManager.default.isExecutableFile(atPath: real), "CODEX_REAL_BIN=\(real) is not an executable file")
        if let violation = NetworkIsolation.violation() {
            Issue.record(Comment(rawValue: violation))
            return
        }
        let script = try LiveScript(contentsOf: BuiltProducts.repositoryRoot.appendingPathComponent(scriptPath))
        let root = try TemporaryDirectory("real-codex")
        defer { root.remove() }
        let dirs = ["home", "userhome", "work"].map { "\(root.path)/\($0)" }
        for dir in dirs { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let runner = LiveScriptRunner(workDirectory: dirs[2], waitTimeout: .seconds(20))
        // The real binary orders some notifications of the approval flow differently from run to
        // run (its own race); up to three pairs of runs, the first pair that agrees is judged.
        var attempt = 0
        var runs: (SessionOutcome<LiveScriptError?>, SessionOutcome<LiveScriptError?>)
        repeat {
            attempt += 1
            runs = try await MockResponsesServer.withServer { port in
                let arguments = ["app-server"] + RealCodex.mockSettings(port: port).flatMap { ["-c", $0] }
                let environment = [
                    "HOME": dirs[1], "CODEX_HOME": dirs[0], "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                    "TERM": "xterm", "LANG": "C.UTF-8",
                ]
                let realLaunch = AppServerLaunch(executable: real, arguments: arguments, environment: environment, inheritEnvironment: false, workingDirectory: dirs[2])
                let fakeLaunch = AppServerLaunch(executable: FakeCodex.path, arguments: arguments, environment: environment, inheritEnvironment: false, workingDirectory: dirs[2])
                return (try await runner.run(script, launch: realLaunch), try await runner.run(script, launch: fakeLaunch))
            }
        } while attempt < 3 && !TranscriptComparator().differences(reference: runs.0.transcript, live: runs.1.transcript).isEmpty
        let (realRun, fakeRun) = runs
        #expect(realRun.result == nil, "the real binary did not follow the script: \(realRun.result!)\n\(realRun.transcript.text)")
        #expect(fakeRun.result == nil, "fake-codex did not follow the script: \(fakeRun.result!)\n\(fakeRun.transcript.text)")
        let differences = TranscriptComparator().differences(reference: realRun.transcript, live: fakeRun.transcript)
        #expect(differences.isEmpty, "\(TranscriptComparator.report(differences))\n\nreal:\n\(realRun.transcript.text)\nfake:\n\(fakeRun.transcript.text)")
    }
}
