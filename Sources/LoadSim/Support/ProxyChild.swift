import Foundation
import Subprocess
import SystemPackage
import TestSupport

/// A `codex-proxy` child process on a free loopback port for the duration of a closure.
enum ProxyChild {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func run<Result: Sendable>(
        executable: String,
        environment: [String: String],
        http: HTTP,
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let port = try FreePort.find()
        var settings: [Environment.Key: String?] = ["PROXY_HOST": "127.0.0.1", "PROXY_PORT": String(port), "LOG_FORMAT": "json", "PROXY_MODELS": "gpt-5.1-codex"]
        for (key, value) in environment { settings[Environment.Key(stringLiteral: key)] = value }
        let outcome = try await Subprocess.run(
            .path(FilePath(executable)),
            environment: .inherit.updating(settings),
            input: .none,
            output: .discarded,
            error: .discarded
        ) { execution in
            defer { try? execution.send(signal: .terminate) }
            let baseURL = "http://127.0.0.1:\(port)"
            try await waitUntilReady(baseURL, http: http)
            return try await body(baseURL)
        }
        return outcome.closureResult
    }

    private static func waitUntilReady(_ baseURL: String, http: HTTP) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await http.get(baseURL + "/readyz"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailure(description: "\(baseURL) did not become ready")
    }
}
