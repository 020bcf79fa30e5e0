import ArgumentParser
import Foundation

/// `fake-codex app-server`: serves the v2 protocol on stdin/stdout until stdin closes.
///
/// Accepts (and mostly ignores) the real binary's flags and `-c key=value` overrides, because the
/// proxy passes configurable extra arguments; `model` and `model_provider` overrides are honoured so
/// that thread settings echo what the real binary would.
struct AppServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app-server",
        abstract: "Speak the codex app-server protocol (v2) on stdio."
    )

    @Option(name: .customLong("behaviour"), help: "Behaviour document (JSON file); see docs/fake-codex.md.")
    var behaviourFile: String?

    @Option(name: .customLong("state-dir"), help: "Directory for the launch counter, pid file and event log.")
    var stateDirectory: String?

    @Option(name: [.customShort("c"), .customLong("config")], parsing: .unconditionalSingleValue, help: "codex config override key=value (accepted, mostly ignored).")
    var configOverrides: [String] = []

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var ignoredArguments: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings: LaunchSettings
        do {
            settings = try LaunchSettings.resolve(
                behaviourFile: behaviourFile,
                stateDirectory: stateDirectory,
                configOverrides: configOverrides,
                environment: environment
            )
        } catch {
            StandardError.write("fake-codex: invalid behaviour: \(error)")
            throw ExitCode(64)
        }
        if !ignoredArguments.isEmpty {
            StandardError.log("ignoring arguments \(ignoredArguments)")
        }
        let code = await AppServer(settings: settings).run()
        throw ExitCode(code)
    }
}
