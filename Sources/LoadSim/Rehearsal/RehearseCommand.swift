import ArgumentParser
import Foundation

/// `loadsim rehearse FILE --target URL`: one scenario against a proxy that is already running,
/// human-paced and narrated: what is about to happen, what to watch, what was observed, pass or
/// fail. Faults that cannot be injected on that proxy are named and skipped.
struct RehearseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rehearse",
        abstract: "Rehearse one scenario against a running proxy, narrated step by step."
    )

    @Argument(help: "The scenario file.") var file: String
    @Option(help: "The running proxy, e.g. http://127.0.0.1:8080.") var target: String
    @Option(help: "Seconds between steps (default: wait for Enter; 2 s when stdin is not a terminal).") var pace: Double?
    @Option(help: "The proxy's API key (PROXY_API_KEY).") var apiKey = "loadsim-key"
    @Option(help: "The maintenance token, to toggle maintenance mode (PROXY_MAINTENANCE_TOKEN).") var maintenanceToken: String?
    @Option(help: "The model to ask for.") var model = "gpt-5.1-codex"

    func run() async throws {
        let scenario: Scenario
        do throws(ScenarioFileError) {
            scenario = try ScenarioLoader.load(path: file)
        } catch {
            throw UsageFailure.exit(UsageFailure(error.description))
        }
        guard let url = URL(string: target), url.scheme == "http", let host = url.host else {
            throw UsageFailure.exit(UsageFailure("--target must be an http:// URL, got \(target)"))
        }
        let rehearsal = Rehearsal(
            scenario: scenario, baseURL: target.hasSuffix("/") ? String(target.dropLast()) : target, host: host, port: url.port ?? 80,
            apiKey: apiKey, model: model, maintenanceToken: maintenanceToken,
            pacer: Pacer(seconds: pace ?? (isatty(STDIN_FILENO) == 1 ? nil : 2))
        )
        let verdict = try await rehearsal.run()
        throw ExitCode(verdict.exitCode)
    }
}

/// Waits between steps: a fixed time, or until the operator presses Enter (read on its own
/// thread, so no task of the pool blocks on the terminal).
struct Pacer: Sendable {
    var seconds: Double?

    func pause() async {
        if let seconds {
            try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return
        }
        FileHandle.standardOutput.write(Data("   … press Enter to go on".utf8))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                _ = readLine()
                continuation.resume()
            }.start()
        }
    }
}
