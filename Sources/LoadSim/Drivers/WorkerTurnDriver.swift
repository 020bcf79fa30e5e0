import CodexAppServer
import Logging
import Proxy

/// Runs turns directly on a worker through the proxy's own worker layer (supervisor and JSON-RPC
/// connection), without HTTP: the baseline the proxy's HTTP/OpenAI layer is measured against.
/// Each turn is timed from `thread/start` to `turn/completed`, as the proxy does for a request.
struct WorkerTurnDriver: Sendable {
    let supervisor: WorkerSupervisor

    func run(requests: Int, concurrency: Int) async -> LatencyRecorder {
        await ConcurrentLoop.run(requests: requests, concurrency: concurrency) { recorder in
            let started = ContinuousClock.now
            do {
                try await turn()
                recorder.record(ContinuousClock.now - started)
            } catch {
                recorder.recordFailure()
            }
        }
    }

    private func turn() async throws {
        let (connection, reservation) = try supervisor.reserveTurn()
        defer { reservation.release() }
        let thread = try await connection.request(AppServerMethod.threadStart, params: ThreadStartParams().json)
        guard let threadID = thread["thread"]?["id"]?.stringValue else { throw WorkerError.malformedResult(method: "thread/start", detail: "no id") }
        let events = connection.subscribe(threadID: threadID).events
        defer {
            connection.unsubscribe(threadID: threadID)
            connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)])
        }
        _ = try await connection.request(AppServerMethod.turnStart, params: TurnStartParams(threadID: threadID, text: "benchmark").json)
        for await item in events {
            switch item {
            case .event(.completed(_, .completed, _)): return
            case .event(.completed), .workerExited: throw WorkerError.exited(nil)
            default: continue
            }
        }
    }

    /// Runs `body` with a supervised worker started from `environment` (the proxy's variables).
    static func withWorker<Result: Sendable>(
        environment: [String: String],
        _ body: @Sendable (WorkerTurnDriver) async throws -> Result
    ) async throws -> Result {
        let configuration = try ProxyConfiguration(environment: environment)
        var logger = Logger(label: "loadsim")
        logger.logLevel = .critical
        let supervisor = WorkerSupervisor(configuration: configuration.worker, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await supervisor.run() }
            defer { group.cancelAll() }
            let deadline = ContinuousClock.now + .seconds(30)
            while !supervisor.snapshot.isReady {
                guard ContinuousClock.now < deadline else { throw WorkerError.unavailable(state: supervisor.snapshot.state) }
                try await Task.sleep(for: .milliseconds(10))
            }
            return try await body(WorkerTurnDriver(supervisor: supervisor))
        }
    }
}
