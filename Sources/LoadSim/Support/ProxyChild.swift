import Foundation
import OrderedJSON
import Subprocess
import SystemPackage

/// A `codex-proxy` child process for the duration of a closure, with its bound port read from
/// its `server_started` log line.
enum ProxyChild {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    static func run<Result: Sendable>(
        executable: String,
        environment: [String: String],
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        var settings: [Environment.Key: String?] = ["PROXY_HOST": "127.0.0.1", "PROXY_PORT": "0", "LOG_FORMAT": "json"]
        for (key, value) in environment { settings[Environment.Key(stringLiteral: key)] = value }
        let outcome = try await Subprocess.run(
            .path(FilePath(executable)),
            environment: .inherit.updating(settings),
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            defer { try? execution.send(signal: .terminate) }
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            var port: Int?
            while port == nil, let line = try await lines.next() {
                guard line.contains("\"server_started\""), let entry = try? JSONParser().parse(line) else { continue }
                port = entry["port"]?.integerValue.map(Int.init)
            }
            guard let port else { throw StartFailure(description: "codex-proxy exited before server_started") }
            async let drain: Void = { while (try? await lines.next()) != nil {} }()
            let baseURL = "http://127.0.0.1:\(port)"
            try await waitUntilReady(baseURL)
            let result = try await body(baseURL)
            try? execution.send(signal: .terminate)
            await drain
            return result
        }
        return outcome.closureResult
    }

    private static func waitUntilReady(_ baseURL: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await HTTP.get(baseURL + "/readyz"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw StartFailure(description: "\(baseURL) did not become ready")
    }
}
