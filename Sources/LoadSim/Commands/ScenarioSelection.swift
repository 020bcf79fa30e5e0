import ArgumentParser
import Foundation

/// Options shared by `run` and `prove`: which scenario files, which binaries, where reports go.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario files (default: scenarios/*.yaml).") var files: [String] = []
    @Option(help: "The codex-proxy executable (default: next to loadsim).") var proxyBin: String?
    @Option(help: "The worker executable (default: fake-codex next to loadsim).") var workerBin: String?
    @Option(help: "The real codex binary for real-worker scenarios (default: $CODEX_REAL_BIN).") var realCodexBin: String?
    @Option(help: "The mock Responses API script for real-worker scenarios.") var mockScript = "Tests/RealCodex/mock_responses_api.py"
    @Option(help: "Write report.json, junit.xml and report.html to this directory.") var reportDir: String?
    @Option(help: "Write the JUnit XML report to this file.") var junit: String?
    @Flag(help: "No live progress line.") var quiet = false

    var runOptions: RunOptions {
        let home = RunOptions.executableDirectory
        return RunOptions(
            proxyBinary: proxyBin ?? home.appendingPathComponent("codex-proxy").path,
            workerBinary: workerBin ?? home.appendingPathComponent("fake-codex").path,
            realCodexBinary: realCodexBin ?? ProcessInfo.processInfo.environment["CODEX_REAL_BIN"].flatMap { $0.isEmpty ? nil : $0 },
            mockScript: mockScript,
            progress: ProgressLine(enabled: !quiet)
        )
    }

    /// The scenario files, parsed; a bad file or argument exits 64 with the file, line and field.
    func scenarios() throws -> [Scenario] {
        var paths = files
        if paths.isEmpty {
            let folder = "scenarios"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            paths = names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
            guard !paths.isEmpty else { throw UsageFailure("no scenario files given and none in ./scenarios") }
        }
        var scenarios: [Scenario] = []
        var problems: [String] = []
        for path in paths {
            do throws(ScenarioFileError) {
                scenarios.append(try ScenarioLoader.load(path: path))
            } catch {
                problems.append(error.description)
            }
        }
        var names: [String: String] = [:]
        for scenario in scenarios {
            if let other = names.updateValue(scenario.file, forKey: scenario.name) {
                problems.append("\(scenario.file):-: name: '\(scenario.name)' is also the name of \(other)")
            }
        }
        guard problems.isEmpty else { throw UsageFailure(problems.joined(separator: "\n")) }
        for binary in [runOptions.proxyBinary, runOptions.workerBinary] where !FileManager.default.isExecutableFile(atPath: binary) {
            throw UsageFailure("not an executable: \(binary) (build it, or pass --proxy-bin / --worker-bin)")
        }
        return scenarios
    }
}

/// Bad usage or a bad scenario file: printed, exit 64.
struct UsageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension UsageFailure {
    /// Prints the problem and exits 64 (EX_USAGE).
    static func exit(_ failure: UsageFailure) -> ExitCode {
        FileHandle.standardError.write(Data("loadsim: \(failure.description)\n".utf8))
        return ExitCode(64)
    }
}
