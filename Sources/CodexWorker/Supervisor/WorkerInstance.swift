import CodexAppServer
import Logging
import Synchronization

/// One worker process under supervision: its connection and controls, and ``run(events:)``,
/// which takes it from spawn through handshake to exit and reports each moment as an ``Event``.
///
/// The supervisor owns the bookkeeping (which instance is current, which is a successor, which
/// retires); an instance only runs its process, answers pings and watches its recycle policy.
final class WorkerInstance: Sendable {
    enum Event: Sendable {
        case spawned(WorkerInstance, pid: Int32)
        /// The process's stdout closed: it is dead or dying.
        case outputClosed(WorkerInstance)
        case ready(WorkerInstance, version: String?, handshake: Duration)
        case recycleDue(WorkerInstance, reason: String)
        case exited(WorkerInstance, WorkerExit)
    }

    private struct State {
        var pid: Int32?
        var readySince: ContinuousClock.Instant?
    }

    /// 1 for the first process, then counting up.
    let generation: Int
    let connection: AppServerConnection
    let control = WorkerControl()
    private let launch: WorkerLaunch
    private let configuration: WorkerConfiguration
    private let logger: Logger
    private let pings: AsyncStream<Void>
    private let pingContinuation: AsyncStream<Void>.Continuation
    private let state = Mutex(State())

    init(generation: Int, launch: WorkerLaunch, configuration: WorkerConfiguration, logger: Logger) {
        self.generation = generation
        self.launch = launch
        self.configuration = configuration
        self.logger = logger
        self.connection = AppServerConnection(logger: logger)
        (pings, pingContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var pid: Int32? { state.withLock { $0.pid } }

    /// How long the process has been ready, or `nil` if it never was.
    var readyFor: Duration? { state.withLock { $0.readySince }.map { .now - $0 } }

    var isRetiring: Bool { connection.isRetiring }

    /// Asks the process to prove it is alive; silence past the ping timeout kills it.
    func ping() {
        pingContinuation.yield()
    }

    /// Marks the instance as replaced: it takes no new turns, and its process is stopped politely
    /// once its last turn has finished.
    func retire() async {
        await connection.retire()
        control.stop()
    }

    /// Runs the process from spawn to exit, reporting each moment to `report`.
    func run(report: @escaping @Sendable (Event) -> Void) async {
        let process = WorkerProcess(
            launch: launch, connection: connection, control: control, stopStepTimeout: configuration.stopStepTimeout, logger: logger
        )
        let exit = await process.run { event in
            switch event {
            case .spawned(let pid):
                self.state.withLock { $0.pid = pid }
                report(.spawned(self, pid: pid))
            case .outputClosed:
                report(.outputClosed(self))
            }
        } session: {
            guard let (version, duration) = await self.handshake() else { return }
            self.state.withLock { $0.readySince = .now }
            report(.ready(self, version: version, handshake: duration))
            await withDiscardingTaskGroup { group in
                group.addTask { await self.answerPings() }
                group.addTask { await self.watchRecyclePolicy(report: report) }
            }
        }
        pingContinuation.finish()
        report(.exited(self, exit))
    }

    /// `initialize` → `initialized`. A timeout or an error kills the process.
    private func handshake() async -> (String?, Duration)? {
        let started = ContinuousClock.now
        let params = InitializeParams(clientName: "codex_proxy", clientTitle: "codex-proxy", clientVersion: configuration.clientVersion, experimentalApi: configuration.experimentalAPI)
        do {
            let result = try await withTimeout(configuration.handshakeTimeout) { [connection] in
                try await connection.request(AppServerMethod.initialize, params: params.json)
            }
            connection.notify(AppServerMethod.initialized)
            return (InitializeResult(json: result)?.serverVersion, .now - started)
        } catch is TimeoutError {
            logger.error("worker_handshake_timeout", metadata: ["timeout_ms": .stringConvertible(configuration.handshakeTimeout.milliseconds)])
        } catch is CancellationError {
            return nil
        } catch {
            logger.error("worker_handshake_failed", metadata: ["error": "\(error)"])
        }
        control.kill()
        return nil
    }

    /// Any reply, even an error, proves the worker is alive; silence past the timeout kills it.
    private func answerPings() async {
        for await _ in pings {
            do {
                _ = try await withTimeout(configuration.pingTimeout) { [connection] in
                    try await connection.request("proxy/ping", params: [:])
                }
            } catch is TimeoutError {
                logger.error(
                    "worker_hung",
                    metadata: ["timeout_ms": .stringConvertible(configuration.pingTimeout.milliseconds), "pid": .stringConvertible(pid ?? 0)]
                )
                control.kill()
                return
            } catch {
                continue
            }
        }
    }

    /// Reports, on every check until the instance retires, that the recycle policy says this
    /// worker should be replaced (the supervisor starts one successor and ignores repeats).
    private func watchRecyclePolicy(report: @Sendable (Event) -> Void) async {
        let policy = configuration.recycle
        guard policy.isEnabled else { return }
        while !isRetiring, (try? await Task.sleep(for: policy.checkInterval)) != nil {
            if let reason = policy.reason(turns: connection.turnsStarted, pid: pid) {
                report(.recycleDue(self, reason: reason))
            }
        }
    }
}
