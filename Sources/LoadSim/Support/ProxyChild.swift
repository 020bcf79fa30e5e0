import Foundation

/// A `codex-proxy` child process on a port of its choosing for the duration of a closure
/// (the benchmarks' helper; scenarios use ``ScenarioRunner``).
enum ProxyChild {
    static func run<Result: Sendable>(
        executable: String,
        environment: [String: String],
        http: HTTP,
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        try await run(executable: executable, environment: environment, http: http) { baseURL, _ in try await body(baseURL) }
    }

    /// As ``run(executable:environment:http:_:)``, also handing `body` the proxy's process id
    /// (for its CPU time and its worker's).
    static func run<Result: Sendable>(
        executable: String,
        environment: [String: String],
        http: HTTP,
        _ body: @Sendable (_ baseURL: String, _ pid: Int32) async throws -> Result
    ) async throws -> Result {
        var settings = ["PROXY_HOST": "127.0.0.1", "PROXY_PORT": String(try LoopbackPort.free()), "LOG_FORMAT": "json", "PROXY_MODELS": "gpt-5.1-codex"]
        settings.merge(environment) { $1 }
        let proxy = ProxyProcess(executable: executable, environment: settings, clock: LoadClock(), keepLogs: false)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await proxy.run() }
            do {
                let port = try await proxy.waitForPort(timeoutMs: 30_000)
                let baseURL = "http://127.0.0.1:\(port)"
                try await waitUntilReady(baseURL, http: http)
                guard let pid = proxy.snapshot.pid else { throw RunnerError("codex-proxy has no process id") }
                let result = try await body(baseURL, pid)
                await proxy.stop(graceMs: 15_000)
                return result
            } catch {
                await proxy.stop(graceMs: 5_000)
                throw error
            }
        }
    }

    private static func waitUntilReady(_ baseURL: String, http: HTTP) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await http.get(baseURL + "/readyz"), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw RunnerError("\(baseURL) did not become ready")
    }
}
