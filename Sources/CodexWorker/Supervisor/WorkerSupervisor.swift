import CodexAppServer
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps one worker process running and ready: spawn, handshake, serve, and after an exit back
/// off (`initial` doubling to `maximum`) and start again, until the restart-intensity limit is
/// exceeded or the service shuts down.
///
/// Readiness means a completed `initialize` round trip on the current process. When the recycle
/// policy says the worker has served enough turns or grown too large, a successor is started and
/// handshaken first; new turns then go to it while the old process finishes its turns and is
/// closed (a recycle is not a crash). On graceful shutdown every worker's stdin is closed, then
/// it gets SIGTERM, then SIGKILL.
public final class WorkerSupervisor: Service, Sendable {
    /// The processes the supervisor knows, besides those retiring.
    private struct Instances {
        var current: WorkerInstance?
        var successor: WorkerInstance?
        var all: [WorkerInstance] = []
        /// Successors that failed in a row; the next recycle waits its own backoff.
        var recycleFailures = 0
        var nextRecycleAttempt: ContinuousClock.Instant?
    }

    private enum Signal: Sendable {
        case instance(WorkerInstance.Event)
        case backoffElapsed
        case shutdown
    }

    private let configuration: WorkerConfiguration
    private let launch: WorkerLaunch
    private let logger: Logger
    private let observer: WorkerObserver
    private let status = Mutex(WorkerStatus())
    private let instances = Mutex(Instances())
    private let stopping = OneShotEvent()

    public init(configuration: WorkerConfiguration, logger: Logger, observer: WorkerObserver = WorkerObserver()) {
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

    /// A turn's claim on the ready current worker; throws ``WorkerError/unavailable(state:)``
    /// when there is none. A worker handed over to a successor in the meantime is skipped.
    public func reserveTurn() throws(WorkerError) -> (AppServerConnection, AppServerConnection.TurnReservation) {
        for _ in 0..<3 {
            let (current, instance) = (snapshot, instances.withLock { $0.current })
            guard current.isReady, let connection = instance?.connection else { throw .unavailable(state: current.reportedState) }
            if let reservation = connection.reserveTurn() {
                return (connection, reservation)
            }
        }
        throw .unavailable(state: snapshot.reportedState)
    }

    /// The current worker's connection, when one runs (diagnostics and tests).
    public var currentConnection: AppServerConnection? {
        instances.withLock { $0.current?.connection }
    }

    /// Readiness goes false and no more restarts happen; in-flight turns keep their worker.
    public func beginDraining() {
        update { $0.draining = true }
        logger.info("worker_draining", metadata: ["worker_state": "draining"])
    }

    /// Asks the current worker to prove it is alive after a request timed out; a worker that does
    /// not answer within the ping timeout is killed and restarted.
    public func reportUnresponsiveWorker() {
        instances.withLock { $0.current }?.ping()
    }

    // MARK: Service

    public func run() async throws {
        let version = await WorkerVersionProbe.version(of: configuration.executable)
        update { $0.version = version }
        let (signals, sink) = AsyncStream.makeStream(of: Signal.self)
        await withGracefulShutdownHandler {
            await supervise(signals, sink: sink)
        } onGracefulShutdown: {
            self.stopping.fire()
            sink.yield(.shutdown)
        }
        update { $0.state = .stopped }
        logger.info("worker_supervisor_stopped", metadata: ["worker_state": "stopped"])
    }

    /// The supervisor's one loop: every lifecycle moment of every process arrives here, in order.
    private func supervise(_ signals: AsyncStream<Signal>, sink: AsyncStream<Signal>.Continuation) async {
        var tracker = RestartTracker(limit: configuration.restartLimit, window: configuration.restartWindow, resetAfter: configuration.backoffResetAfter)
        var generation = 0
        await withDiscardingTaskGroup { group in
            func start() -> WorkerInstance {
                generation += 1
                let instance = WorkerInstance(generation: generation, launch: launch, configuration: configuration, logger: logger)
                instances.withLock { $0.all.append(instance) }
                group.addTask {
                    await instance.run { sink.yield(.instance($0)) }
                }
                return instance
            }

            let first = start()
            instances.withLock { $0.current = first }
            update { $0.state = .starting }
            for await signal in signals {
                switch signal {
                case .instance(.spawned(let instance, let pid)):
                    spawned(instance, pid: pid)
                case .instance(.outputClosed(let instance)):
                    if isCurrent(instance) { update { $0.state = stopping.hasFired ? .stopped : .exited } }
                case .instance(.ready(let instance, let version, let handshake)):
                    ready(instance, version: version, handshake: handshake, group: &group)
                case .instance(.recycleDue(let instance, let reason)):
                    guard isCurrent(instance), !stopping.hasFired, !snapshot.draining, recycleMayStart() else { continue }
                    logger.notice("worker_recycle_started", metadata: ["reason": .string(reason), "pid": .stringConvertible(instance.pid ?? 0)])
                    let successor = start()
                    instances.withLock { $0.successor = successor }
                case .instance(.exited(let instance, let exit)):
                    if let delay = exited(instance, exit: exit, tracker: &tracker) {
                        group.addTask { [stopping] in
                            await stopping.wait(upTo: delay)
                            sink.yield(.backoffElapsed)
                        }
                    }
                case .backoffElapsed:
                    guard !stopping.hasFired, !snapshot.gaveUp, !snapshot.draining, instances.withLock({ $0.current == nil }) else { continue }
                    let replacement = start()
                    instances.withLock { $0.current = replacement }
                    update { $0.state = .starting }
                case .shutdown:
                    for instance in instances.withLock({ $0.all }) { instance.control.stop() }
                }
                if stopping.hasFired, instances.withLock({ $0.all.isEmpty }) {
                    sink.finish()
                }
            }
        }
    }

    /// No successor is starting and the recycle backoff after a failed successor has passed.
    private func recycleMayStart() -> Bool {
        instances.withLock { instances in
            guard instances.successor == nil else { return false }
            guard let next = instances.nextRecycleAttempt else { return true }
            return ContinuousClock.now >= next
        }
    }

    private func isCurrent(_ instance: WorkerInstance) -> Bool {
        instances.withLock { $0.current === instance }
    }

    private func spawned(_ instance: WorkerInstance, pid: Int32) {
        if isCurrent(instance) {
            update {
                $0.state = .handshaking
                $0.pid = pid
            }
        }
        logger.info(
            "worker_started",
            metadata: [
                "pid": .stringConvertible(pid), "version": .string(snapshot.version ?? "unknown"),
                "restart_count": .stringConvertible(snapshot.restartCount), "generation": .stringConvertible(instance.generation),
            ]
        )
    }

    /// A handshake completed: the current worker becomes ready, or a successor takes over and
    /// the worker it replaces retires.
    private func ready(_ instance: WorkerInstance, version: String?, handshake: Duration, group: inout DiscardingTaskGroup) {
        let replaced: WorkerInstance? = instances.withLock { instances in
            guard instances.successor === instance else { return nil }
            defer {
                instances.current = instance
                instances.successor = nil
                instances.recycleFailures = 0
                instances.nextRecycleAttempt = nil
            }
            return instances.current
        }
        guard isCurrent(instance) else { return }
        update { status in
            if let version { status.version = version }
            status.state = .ready
            status.pid = instance.pid
            if replaced != nil { status.recycleCount += 1 }
        }
        logger.info(
            "worker_ready",
            metadata: [
                "pid": .stringConvertible(instance.pid ?? 0), "version": .string(snapshot.version ?? "unknown"),
                "handshake_ms": .stringConvertible(handshake.milliseconds), "worker_state": "ready",
            ]
        )
        observer.workerReady()
        if let replaced {
            observer.workerRecycled()
            logger.notice(
                "worker_recycled",
                metadata: [
                    "pid": .stringConvertible(instance.pid ?? 0), "retiring_pid": .stringConvertible(replaced.pid ?? 0),
                    "in_flight": .stringConvertible(replaced.connection.activeTurnCount),
                ]
            )
            group.addTask { await replaced.retire() }
        }
    }

    /// A process ended: expected (retired, stopping) or a crash that costs a restart. Returns the
    /// backoff to wait before starting a new worker, if one must be started.
    private func exited(_ instance: WorkerInstance, exit: WorkerExit, tracker: inout RestartTracker) -> Duration? {
        let (wasCurrent, wasSuccessor, promoted) = instances.withLock { instances -> (Bool, Bool, WorkerInstance?) in
            instances.all.removeAll { $0 === instance }
            if instances.successor === instance {
                instances.successor = nil
                return (false, true, nil)
            }
            guard instances.current === instance else { return (false, false, nil) }
            instances.current = instances.successor
            instances.successor = nil
            return (true, false, instances.current)
        }
        if instance.isRetiring || (!wasCurrent && !wasSuccessor) {
            logExit(exit, pid: instance.pid, expected: true, reason: "retired")
            return nil
        }
        if stopping.hasFired || Task.isCancelled {
            if wasCurrent { update { $0.lastExit = exit } }
            logExit(exit, pid: instance.pid, expected: exit == .exited(code: 0), reason: "stopping")
            return nil
        }
        if wasSuccessor {
            // The replacement failed before taking over: the current worker keeps serving, and
            // this is not a crash of it. The next recycle waits a backoff of its own.
            recycleFailed(instance, exit: exit)
            return nil
        }
        let withinLimit = tracker.recordExit(at: .now, readyFor: instance.readyFor)
        if !withinLimit {
            update {
                $0.state = .stopped
                $0.lastExit = exit
                $0.gaveUp = true
                $0.restartStreak = tracker.streak
            }
            logExit(exit, pid: instance.pid, expected: false, reason: "crash")
            logger.critical(
                "worker_restart_limit_exceeded",
                metadata: [
                    "restart_count": .stringConvertible(snapshot.restartCount), "limit": .stringConvertible(configuration.restartLimit),
                    "window_ms": .stringConvertible(configuration.restartWindow.milliseconds),
                ]
            )
            for survivor in instances.withLock({ $0.all }) { survivor.control.stop() }
            return nil
        }
        if snapshot.draining {
            update {
                $0.state = .stopped
                $0.lastExit = exit
            }
            logExit(exit, pid: instance.pid, expected: false, reason: "crash")
            return nil
        }
        observer.workerRestarted()
        if let promoted {
            // A successor was already starting: it takes over without a backoff.
            update {
                $0.state = promoted.connection.isClosed ? .exited : (promoted.readyFor == nil ? .handshaking : .ready)
                $0.pid = promoted.pid
                $0.lastExit = exit
                $0.restartCount += 1
                $0.restartStreak = tracker.streak
            }
            logExit(exit, pid: instance.pid, expected: false, reason: "crash")
            return nil
        }
        let delay = configuration.backoff.delay(attempt: tracker.streak, random: Double.random(in: 0...1))
        update {
            $0.state = .backoff
            $0.pid = nil
            $0.lastExit = exit
            $0.restartCount += 1
            $0.restartStreak = tracker.streak
            $0.backoffMilliseconds = delay.milliseconds
        }
        logExit(exit, pid: instance.pid, expected: false, reason: "crash")
        logger.warning(
            "worker_backoff",
            metadata: [
                "backoff_ms": .stringConvertible(delay.milliseconds), "restart_count": .stringConvertible(snapshot.restartCount),
                "worker_state": "backoff",
            ]
        )
        return delay
    }

    /// Logs and counts a successor that exited before its handshake completed, and sets when the
    /// next recycle may try again (the restart backoff policy, counted in failed successors).
    private func recycleFailed(_ instance: WorkerInstance, exit: WorkerExit) {
        let (failures, delay) = instances.withLock { instances -> (Int, Duration) in
            instances.recycleFailures += 1
            let delay = configuration.backoff.delay(attempt: instances.recycleFailures)
            instances.nextRecycleAttempt = .now + delay
            return (instances.recycleFailures, delay)
        }
        logExit(exit, pid: instance.pid, expected: false, reason: "successor")
        observer.recycleFailed()
        logger.error(
            "worker_recycle_failed",
            metadata: [
                "pid": .stringConvertible(instance.pid ?? 0), "failures": .stringConvertible(failures),
                "retry_in_ms": .stringConvertible(delay.milliseconds),
            ]
        )
    }

    private func logExit(_ exit: WorkerExit, pid: Int32?, expected: Bool, reason: String) {
        var metadata: Logger.Metadata = [
            "restart_count": .stringConvertible(snapshot.restartCount), "worker_state": .string(snapshot.reportedState.rawValue),
            "reason": .string(reason),
        ]
        if let pid { metadata["pid"] = .stringConvertible(pid) }
        switch exit {
        case .exited(let code): metadata["exit_code"] = .stringConvertible(code)
        case .signalled(let signal): metadata["signal"] = .stringConvertible(signal)
        case .spawnFailed(let reason): metadata["error"] = .string(reason)
        }
        logger.log(level: expected ? .info : .error, "worker_exited", metadata: metadata)
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
