import ConformanceKit
import Foundation
import TestSupport

/// How the tests start the built `fake-codex`.
enum FakeCodex {
    static var path: String { BuiltProducts.path(of: "fake-codex") }

    /// The `-c` settings the real binary is given in PROTOCOL.md §7 (the fake honours model
    /// and model_provider and ignores the rest).
    static let mockConfig = [
        "-c", "model=\"gpt-5.1-codex\"", "-c", "model_provider=\"mock\"",
        "-c", "model_providers.mock.wire_api=\"responses\"", "-c", "analytics.enabled=false",
    ]

    static func launch(
        behaviour: String? = nil,
        stateDirectory: String? = nil,
        arguments: [String] = [],
        environment extraEnvironment: [String: String] = [:],
        workingDirectory: String? = nil,
        exitTimeout: Duration = .seconds(10)
    ) -> AppServerLaunch {
        // Clear the variables a developer's shell may have set, unless the test sets them.
        var environment = ["FAKE_CODEX_BEHAVIOUR_JSON": behaviour ?? "", "FAKE_CODEX_BEHAVIOUR": "", "FAKE_CODEX_STATE_DIR": stateDirectory ?? ""]
        environment.merge(extraEnvironment) { _, new in new }
        return AppServerLaunch(
            executable: path,
            arguments: ["app-server"] + mockConfig + arguments,
            environment: environment,
            workingDirectory: workingDirectory,
            exitTimeout: exitTimeout
        )
    }
}
