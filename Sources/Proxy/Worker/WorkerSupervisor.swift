import CodexAppServer
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps one worker process running and ready: spawn, handshake, serve, and after an exit back
/// off (`initial` doubling to `maximum`) and start again, until the restart-intensity limit is
/// exceeded or the service shuts down.
///
/// Readiness means a completed `initialize` round trip on the current process. On graceful
/// shutdown the worker's stdin is closed, then it gets SIGTERM, then SIGKILL.
public final class WorkerSupervisor: Service, Sendable {
    private struct Runtime {
        var connection: AppServerConnection?
        var control: WorkerControl?
        var pingRequests: AsyncStream<Void>.Continuation?
        var readySince: ContinuousClock.Instant?
    }

    private let configuration: ProxyConfiguration.Worker
    private let launch: WorkerLaunch
    private let logger: Logger
    private let observer: WorkerObserver
    private let status = Mutex(WorkerStatus())
    private let runtime = Mutex(Runtime())
    private let stopping = OneShotEvent()
    private let clock = ContinuousClock()

    public init(configuration: ProxyConfiguration.Worker, logger: Logger, observer: WorkerObserver = WorkerObserver()) {
        self.configuration = configuration
        self.launch = WorkerLaunch(configuration)
        var logger = logger
        logger[metadataKey: "component"] = "supervisor"
        self.logger = logger
        self.observer = observer
    }

    /// The current state, for probes and admission.
    public var snapshot: WorkerStatus {
        status.withLock { $0 }
    }

    /// The connection to a ready worker; throws ``WorkerError/unavailable(state:)`` otherwise.
    public func readyConnection() throws(WorkerError) -> AppServerConnection {
        let (current, connection) = (snapshot, runtime.withLock { $0.connection })
        guard current.isReady, let connection, !connection.isClosed else {
            throw .unavailable(state: current.reportedState)
        }
        return connection
    }

    /// Readiness goes false and no more restarts happen; in-flight turns keep their worker.
    public func beginDraining() {
        update { $0.draining = true }
        logger.info("worker_draining", metadata: ["worker_state": "draining"])
    }

    /// Asks the worker to prove it is alive after a request timed out; a worker that does not
    /// answer within the ping timeout is killed and restarted.
    public func reportUnresponsiveWorker() {
        _ = runtime.withLock { $0.pingRequests?.yield() }
    }

    // MARK: Service

    public func run() async throws {
        let version = await WorkerVersionProbe.version(of: configuration.executable)
        update { $0.version = version }
        await withGracefulShutdownHandler {
            await supervise()
        } onGracefulShutdown: {
            self.stopping.fire()
            self.runtime.withLock { $0.control }?.stop()
        }
        logger.info("worker_supervisor_stopped", metadata: ["worker_state": "stopped"])
    }

    private func supervise() async {
        var tracker = RestartTracker(
            limit: configuration.restartLimit,
            window: configuration.restartWindow,
            resetAfter: configuration.backoffResetAfter
        )
        while !stopping.hasFired, !Task.isCancelled {
            let (exit, readyFor) = await runOneProcess()
            if stopping.hasFired || Task.isCancelled {
                update {
                    $0.state = .stopped
                    $0.lastExit = exit
                }
                logExit(exit)
                return
            }
            let withinLimit = tracker.recordExit(at: clock.now, readyFor: readyFor)
            if !withinLimit || snapshot.draining {
                update {
                    $0.state = .stopped
                    $0.lastExit = exit
                    $0.gaveUp = withinLimit ? $0.gaveUp : true
                    $0.restartStreak = tracker.streak
                }
                logExit(exit)
                if !withinLimit {
                    logger.critical(
                        "worker_restart_limit_exceeded",
                        metadata: [
                            "restart_count": .stringConvertible(snapshot.restartCount),
                            "limit": .stringConvertible(configuration.restartLimit),
                            "window_ms": .stringConvertible(configuration.restartWindow.milliseconds),
                        ]
                    )
                }
                await stopping.wait()
                return
            }
            let delay = configuration.backoff.delay(attempt: tracker.streak, random: Double.random(in: 0...1))
            observer.workerRestarted()
            update {
                $0.state = .backoff
                $0.lastExit = exit
                $0.restartCount += 1
                $0.restartStreak = tracker.streak
                $0.backoffMilliseconds = delay.milliseconds
            }
            logExit(exit)
            logger.warning(
                "worker_backoff",
                metadata: ["backoff_ms": .stringConvertible(delay.milliseconds), "restart_count": .stringConvertible(snapshot.restartCount), "worker_state": "backoff"]
            )
            await stopping.wait(upTo: delay)
        }
    }

    /// Runs one process from spawn to exit; returns how it ended and how long it had been ready.
    private func runOneProcess() async -> (WorkerExit, Duration?) {
        let connection = AppServerConnection(logger: logger)
        let control = WorkerControl()
        let (pings, pingContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        runtime.withLock { $0 = Runtime(connection: connection, control: control, pingRequests: pingContinuation) }
        update {
            $0.state = .starting
            $0.pid = nil
        }
        let process = WorkerProcess(
            launch: launch,
            connection: connection,
            control: control,
            stopStepTimeout: configuration.stopStepTimeout,
            logger: logger
        )
        let exit = await process.run { event in
            self.handle(event)
        } session: {
            guard await self.handshake(connection, control: control) else { return }
            await self.answerPings(pings, connection: connection, control: control)
        }
        let readySince = runtime.withLock { runtime -> ContinuousClock.Instant? in
            defer { runtime = Runtime() }
            return runtime.readySince
        }
        return (exit, readySince.map { clock.now - $0 })
    }

    private func handle(_ event: WorkerProcess.Event) {
        switch event {
        case .spawned(let pid):
            update {
                $0.state = .handshaking
                $0.pid = pid
            }
            logger.info(
                "worker_started",
                metadata: ["pid": .stringConvertible(pid), "version": "\(snapshot.version ?? "unknown")", "restart_count": .stringConvertible(snapshot.restartCount)]
            )
        case .outputClosed:
            update { $0.state = stopping.hasFired ? .stopped : .exited }
        }
    }

    /// `initialize` → `initialized`; on success the worker is ready. A timeout or an error kills it.
    private func handshake(_ connection: AppServerConnection, control: WorkerControl) async -> Bool {
        let started = clock.now
        let params = InitializeParams(clientName: "codex_proxy", clientTitle: "codex-proxy", clientVersion: ProxyVersion.current)
        do {
            let result = try await withTimeout(configuration.handshakeTimeout) {
                try await connection.request(AppServerMethod.initialize, params: params.json)
            }
            connection.notify(AppServerMethod.initialized)
            let version = InitializeResult(json: result)?.serverVersion
            let becameReady = update { status -> Bool in
                if let version { status.version = version }
                guard status.state == .handshaking else { return false }
                status.state = .ready
                return true
            }
            guard becameReady else { return false }
            runtime.withLock { $0.readySince = clock.now }
            logger.info(
                "worker_ready",
                metadata: [
                    "pid": .stringConvertible(snapshot.pid ?? 0), "version": "\(snapshot.version ?? "unknown")",
                    "handshake_ms": .stringConvertible((clock.now - started).milliseconds), "worker_state": "ready",
                ]
            )
            return true
        } catch is TimeoutError {
            logger.error("worker_handshake_timeout", metadata: ["timeout_ms": .stringConvertible(configuration.handshakeTimeout.milliseconds)])
        } catch is CancellationError {
            return false
        } catch {
            logger.error("worker_handshake_failed", metadata: ["error": "\(error)"])
        }
        control.kill()
        return false
    }

    /// Any reply, even an error, proves the worker is alive; silence past the timeout kills it.
    private func answerPings(_ pings: AsyncStream<Void>, connection: AppServerConnection, control: WorkerControl) async {
        for await _ in pings {
            do {
                _ = try await withTimeout(configuration.pingTimeout) {
                    try await connection.request("proxy/ping", params: [:])
                }
            } catch is TimeoutError {
                logger.error("worker_hung", metadata: ["timeout_ms": .stringConvertible(configuration.pingTimeout.milliseconds), "pid": .stringConvertible(snapshot.pid ?? 0)])
                control.kill()
                return
            } catch {
                continue
            }
        }
    }

    private func logExit(_ exit: WorkerExit) {
        var metadata: Logger.Metadata = ["restart_count": .stringConvertible(snapshot.restartCount), "worker_state": "\(snapshot.reportedState.rawValue)"]
        switch exit {
        case .exited(let code): metadata["exit_code"] = .stringConvertible(code)
        case .signalled(let signal): metadata["signal"] = .stringConvertible(signal)
        case .spawnFailed(let reason): metadata["error"] = "\(reason)"
        }
        if exit == .exited(code: 0) && stopping.hasFired {
            logger.info("worker_exited", metadata: metadata)
        } else {
            logger.error("worker_exited", metadata: metadata)
        }
    }

    /// Changes the status and tells the observer inside the same lock, so gauges follow the
    /// snapshot in order and never lag behind what probes report.
    @discardableResult
    private func update<Result>(_ body: (inout WorkerStatus) -> Result) -> Result {
        status.withLock { status in
            let result = body(&status)
            observer.statusChanged(status)
            return result
        }
    }
}
