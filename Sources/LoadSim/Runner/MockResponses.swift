import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The loopback mock of the OpenAI Responses API (`Tests/RealCodex/mock_responses_api.py`)
/// behind the real `codex`; ``run()`` owns the process until it is stopped.
final class MockResponses: Sendable {
    let script: String
    private let state = Mutex<(port: Int?, pid: Int32?, ended: Bool)>((nil, nil, false))

    init(script: String) {
        self.script = script
    }

    func run() async {
        _ = try? await Subprocess.run(
            .name("python3"), arguments: [script, "--port", "0"], input: .none, output: .sequence, error: .discarded
        ) { execution in
            state.withLock { $0.pid = execution.processIdentifier.value }
            var pending = ""
            for try await buffer in execution.standardOutput {
                pending += String(decoding: buffer.withUnsafeBytes { Array($0) }, as: UTF8.self)
                if let line = pending.split(separator: "\n").first, pending.contains("\n"), line.hasPrefix("PORT ") {
                    state.withLock { $0.port = Int(line.dropFirst(5)) }
                }
            }
        }
        state.withLock { $0.ended = true }
    }

    func waitForPort(timeoutMs: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while ContinuousClock.now < deadline {
            let current = state.withLock { $0 }
            if let port = current.port { return port }
            if current.ended { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RunnerError("the mock Responses API (\(script)) did not announce its port")
    }

    func stop() {
        if let pid = state.withLock({ $0.ended ? nil : $0.pid }) { kill(pid, SIGTERM) }
    }
}
