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
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        exitTimeout: Duration = .seconds(10)
    ) -> AppServerLaunch {
        var environment = environment
        environment["FAKE_CODEX_BEHAVIOUR_JSON"] = behaviour ?? ""
        environment["FAKE_CODEX_BEHAVIOUR"] = ""
        environment["FAKE_CODEX_STATE_DIR"] = stateDirectory ?? ""
        return AppServerLaunch(
            executable: path,
            arguments: ["app-server"] + mockConfig + arguments,
            environment: environment,
            workingDirectory: workingDirectory,
            exitTimeout: exitTimeout
        )
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ prefix: String = "fake-codex-tests") throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
