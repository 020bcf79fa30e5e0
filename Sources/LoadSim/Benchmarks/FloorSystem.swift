import CodexAppServer
import Foundation
import OrderedJSON

/// The `thread/start` parameters of a direct JSON-RPC floor.
enum FloorParams: Sendable {
    /// Exactly what the proxy sends by default (`ThreadStartParams(model:cwd:hostAccess:)`, text-only).
    case proxy
    /// codex-gateway's set as issue 14 describes it: an ephemeral read-only thread with no
    /// approvals, no environments (so no host tools and no shell snapshot) and a short
    /// `baseInstructions` in place of codex's coding-agent prompt. The other parameters
    /// (`effort`, `approvalsReviewer`, `sandboxPolicy`, …) changed nothing measurable there.
    case gateway

    var name: String {
        switch self {
        case .proxy: "floor, proxy's params"
        case .gateway: "floor, gateway's params"
        }
    }

    func json(cwd: String) -> JSONValue {
        switch self {
        case .proxy:
            return ThreadStartParams(model: ScenarioRunner.model, cwd: cwd, hostAccess: .textOnly).json
        case .gateway:
            return [
                "model": .string(ScenarioRunner.model), "cwd": .string(cwd), "approvalPolicy": "never", "sandbox": "read-only", "ephemeral": true,
                "environments": [], "baseInstructions": "You are a helpful assistant. Answer the user's messages directly.",
            ]
        }
    }
}

/// One system of the floor measurement: the real codex driven directly, or a proxy in front of it.
enum FloorSystem: Sendable {
    case direct(FloorParams)
    case proxy(name: String, executable: String)

    var name: String {
        switch self {
        case .direct(let params): params.name
        case .proxy(let name, _): name
        }
    }

    /// Starts a fresh codex (own HOME and CODEX_HOME, pointed at the mock), warms it up, then
    /// measures `requests` turns at the workload's concurrency; stops everything it started.
    func measure(codex: String, mockPort: Int, workload: Workload, requests: Int, warmup: Int) async throws -> BlockFigures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-floor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try WorkerSetup.real(binary: codex, mockPort: mockPort, folder: folder)
        let work = folder.appendingPathComponent("work").path
        switch self {
        case .direct(let params):
            let arguments = WorkerSetup.realSettings(mockPort: mockPort).flatMap { ["-c", $0] }
            return try await WorkerRPCDriver.withWorker(
                executable: setup.environment["CODEX_BIN"]!, arguments: arguments, workingDirectory: work, threadParams: params.json(cwd: work)
            ) { driver in
                _ = await driver.run(requests: warmup, concurrency: workload.concurrency)
                let workerBefore = ProcessCPU.seconds(of: driver.pid, includingChildren: true) ?? .nan
                let clientBefore = ProcessCPU.ownSeconds()
                let started = ContinuousClock.now
                let recorder = await driver.run(requests: requests, concurrency: workload.concurrency)
                let seconds = (ContinuousClock.now - started).seconds
                let clientAfter = ProcessCPU.ownSeconds()
                let workerAfter = ProcessCPU.seconds(of: driver.pid, includingChildren: true) ?? .nan
                let count = Double(max(1, recorder.count))
                return BlockFigures(
                    requests: recorder.count, failures: recorder.failures, requestsPerSecond: Double(recorder.count) / seconds,
                    p50: recorder.milliseconds(at: 50), proxyMs: nil, workerMs: (workerAfter - workerBefore) * 1000 / count,
                    clientMs: (clientAfter - clientBefore) * 1000 / count
                )
            }
        case .proxy(let name, let executable):
            var environment = setup.environment
            environment.merge([
                "PROXY_API_KEY": ScenarioRunner.apiKey, "PROXY_MODELS": ScenarioRunner.model,
                "WORKER_MAX_CONCURRENCY": String(workload.concurrency), "WORKER_QUEUE_MAX": String(workload.concurrency * 4),
            ]) { $1 }
            return try await HTTP.withClient(connections: 4) { http in
                try await ProxyChild.run(executable: executable, environment: environment, http: http) { baseURL, pid in
                    guard let port = URL(string: baseURL)?.port else { throw RunnerError("no port in \(baseURL)") }
                    let running = RunningProxy(name: name, port: port, pid: pid)
                    if warmup > 0 { _ = await running.measure(workload, requests: warmup) }
                    return await running.measure(workload, requests: requests)
                }
            }
        }
    }
}
