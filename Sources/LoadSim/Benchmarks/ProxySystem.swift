import Foundation

/// A proxy build with its settings, as one system of a CPU measurement.
struct ProxySystem: Sendable {
    var name: String
    var executable: String
    var environment: [String: String]

    /// Starts every system (each with its own worker), runs `body` with them all up, stops them.
    static func withAll<Result: Sendable>(_ systems: [ProxySystem], _ body: @Sendable ([RunningProxy]) async throws -> Result) async throws -> Result {
        try await HTTP.withClient(connections: 4) { http in
            try await start(systems[...], running: [], http: http, body)
        }
    }

    private static func start<Result: Sendable>(
        _ rest: ArraySlice<ProxySystem>, running: [RunningProxy], http: HTTP, _ body: @Sendable ([RunningProxy]) async throws -> Result
    ) async throws -> Result {
        guard let system = rest.first else { return try await body(running) }
        return try await ProxyChild.run(executable: system.executable, environment: system.environment, http: http) { baseURL, pid in
            guard let port = URL(string: baseURL)?.port else { throw RunnerError("no port in \(baseURL)") }
            return try await start(rest.dropFirst(), running: running + [RunningProxy(name: system.name, port: port, pid: pid)], http: http, body)
        }
    }
}

/// A started proxy: where it listens and which process it is.
struct RunningProxy: Sendable {
    var name: String
    var port: Int
    var pid: Int32

    /// `requests` chat completions at the workload's concurrency with the lean client; the
    /// proxy's CPU per request (its own threads, not its worker) and its worker's (children
    /// included; nil when the worker was replaced during the block, e.g. recycled).
    func measure(_ workload: Workload, requests: Int) async -> BlockFigures {
        let load = BlockingHTTPLoad(
            port: port, path: "/v1/chat/completions", jsonBody: workload.body, bearer: ScenarioRunner.apiKey,
            requiredSuffix: workload.stream ? "data: [DONE]" : nil
        )
        let workers = Self.workerCPU(of: pid)
        let proxyBefore = ProcessCPU.seconds(of: pid, includingChildren: false) ?? .nan
        let clientBefore = ProcessCPU.ownSeconds()
        let outcome = await load.run(requests: requests, concurrency: workload.concurrency)
        let clientAfter = ProcessCPU.ownSeconds()
        let proxyAfter = ProcessCPU.seconds(of: pid, includingChildren: false) ?? .nan
        let workersAfter = Self.workerCPU(of: pid)
        let count = Double(max(1, outcome.latencies.count))
        if let failure = outcome.firstFailure { print("  \(name), \(workload.name): \(outcome.failures) failed, first: \(failure)") }
        let workerSeconds = workers.keys == workersAfter.keys ? workersAfter.keys.map { workersAfter[$0]! - workers[$0]! }.reduce(0, +) : nil
        return BlockFigures(
            requests: outcome.latencies.count, failures: outcome.failures, requestsPerSecond: outcome.requestsPerSecond, p50: outcome.percentile(50),
            proxyMs: (proxyAfter - proxyBefore) * 1000 / count, workerMs: workerSeconds.map { $0 * 1000 / count },
            clientMs: (clientAfter - clientBefore) * 1000 / count
        )
    }

    /// CPU seconds (children included) of each live child of `pid`.
    static func workerCPU(of pid: Int32) -> [Int32: Double] {
        var result: [Int32: Double] = [:]
        for child in ProcessCPU.children(of: pid) { result[child] = ProcessCPU.seconds(of: child, includingChildren: true) }
        return result
    }
}
