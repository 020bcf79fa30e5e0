import Foundation
import Subprocess

/// The loopback mock of the OpenAI Responses API (Tests/RealCodex/mock_responses_api.py) that
/// the real binary talks to.
public enum MockResponsesServer {
    public static var script: String {
        BuiltProducts.repositoryRoot.appendingPathComponent("Tests/RealCodex/mock_responses_api.py").path
    }

    /// Starts the mock, waits for its `PORT <n>` line, runs `body` with the port, then stops it.
    /// With `dumpDirectory` the mock saves every request body there (`request_NNN.json`), so a
    /// test can check what the model received.
    public static func withServer<Result: Sendable>(dumpDirectory: String? = nil, _ body: (Int) async throws -> Result) async throws -> Result {
        let outcome = try await Subprocess.run(
            .name("python3"),
            arguments: Arguments([script, "--port", "0"] + (dumpDirectory.map { ["--dump-dir", $0] } ?? [])),
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            var port: Int?
            var pending = ""
            for try await buffer in execution.standardOutput {
                pending += String(decoding: buffer.withUnsafeBytes { Array($0) }, as: UTF8.self)
                if let line = pending.split(separator: "\n").first, pending.contains("\n") {
                    let fields = line.split(separator: " ")
                    if fields.count == 2, fields[0] == "PORT" { port = Int(fields[1]) }
                    break
                }
            }
            guard let port else {
                try? execution.send(signal: .kill)
                throw MockServerError(message: "the mock did not announce its port: \(pending)")
            }
            do {
                let result = try await body(port)
                try? execution.send(signal: .terminate)
                return result
            } catch {
                try? execution.send(signal: .terminate)
                throw error
            }
        }
        return outcome.closureResult
    }
}
