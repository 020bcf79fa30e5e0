import CodexAppServer
import Logging
import Subprocess
import SystemPackage
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One run of one worker process: spawn, connect its pipes to an ``AppServerConnection``,
/// stop it politely or firmly on request, and report how it ended.
///
/// Its stdin and stdout are a ``WorkerChannel`` on the shared event loops: stdout is framed and
/// handed to the connection where it is read, and the connection writes stdin directly. stderr
/// lines are logged. When stdout closes (the process died or closed it), ``Event/outputClosed``
/// is reported at once, before the process is reaped, so readiness drops within milliseconds
/// of a crash. The worker is its process, not its stdout: a process that closed its stdout and
/// lives on is stopped (stdin closed, SIGTERM, SIGKILL, each step bounded), so every run ends
/// with the process reaped.
struct WorkerProcess: Sendable {
    /// Lifecycle moments the supervisor acts on.
    enum Event: Sendable {
        case spawned(pid: Int32)
        case outputClosed
    }

    let launch: WorkerLaunch
    let connection: AppServerConnection
    let control: WorkerControl
    let stopStepTimeout: Duration
    let logger: Logger

    /// Runs the process to its end. `session` runs once spawned (the handshake, then waiting);
    /// it is cancelled when the process ends.
    func run(
        onEvent: @escaping @Sendable (Event) -> Void,
        session: @escaping @Sendable () async -> Void
    ) async -> WorkerExit {
        let pipes: WorkerPipes
        let channel: WorkerChannel
        do {
            pipes = try WorkerPipes()
        } catch {
            return spawnFailed(error)
        }
        do {
            channel = try await WorkerChannel.open(pipes, connection: connection, logger: logger)
        } catch {
            pipes.closeAll()
            return spawnFailed(error)
        }
        let environment = Environment.inherit.updating(
            Dictionary(uniqueKeysWithValues: launch.withheldEnvironment.map { (Environment.Key(stringLiteral: $0), String?.none) })
        )
        var options = PlatformOptions()
        options.teardownSequence = [.send(signal: .terminate, allowedDurationToNextStep: stopStepTimeout)]
        defer { channel.closeAll() }
        do {
            let outcome = try await Subprocess.run(
                Self.executable(launch.executable),
                arguments: Arguments(launch.arguments),
                environment: environment,
                workingDirectory: launch.workingDirectory.map { FilePath($0) },
                platformOptions: options,
                input: .fileDescriptor(pipes.childInput, closeAfterSpawningProcess: true),
                output: .fileDescriptor(pipes.childOutput, closeAfterSpawningProcess: true),
                error: .sequence
            ) { execution in
                connection.attachInput(channel)
                onEvent(.spawned(pid: execution.processIdentifier.value))
                await pump(execution, channel: channel, onEvent: onEvent, session: session)
            }
            switch outcome.terminationStatus {
            case .exited(let code): return .exited(code: code)
            case .signaled(let signal): return .signalled(signal: signal)
            }
        } catch {
            return spawnFailed(error)
        }
    }

    private func spawnFailed(_ error: any Error) -> WorkerExit {
        connection.close(exit: .spawnFailed(reason: "\(error)"))
        return .spawnFailed(reason: "\(error)")
    }

    private static func executable(_ name: String) -> Executable {
        name.contains("/") ? .path(FilePath(name)) : .name(name)
    }

    private func pump(
        _ execution: Execution<FileDescriptorInput, FileDescriptorOutput, SequenceOutput>,
        channel: WorkerChannel,
        onEvent: @escaping @Sendable (Event) -> Void,
        session: @escaping @Sendable () async -> Void
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await logStandardError(execution.standardError)
            }
            group.addTask {
                await obeyStopRequests(execution)
            }
            group.addTask {
                await session()
            }

            await channel.outputClosed.wait()
            onEvent(.outputClosed)
            connection.close(exit: nil)
            await ensureEnded(execution)
            group.cancelAll()
        }
    }

    private func logStandardError(_ output: SubprocessOutputSequence) async {
        var framer = LineFramer(maximumLineLength: 64 * 1024)
        do {
            for try await chunk in output {
                for line in chunk.withUnsafeBytes({ framer.append($0) }) {
                    guard case .complete(let bytes) = line, !bytes.isEmpty else { continue }
                    logger.debug("worker_stderr", metadata: ["line": "\(String(decoding: bytes.prefix(2048), as: UTF8.self))"])
                }
            }
        } catch {
            return
        }
    }

    /// After stdout closed: returns once the process has ended, stopping it if it lives on
    /// (its stdin is already closed by the connection; then SIGTERM, then SIGKILL, each step
    /// given `stopStepTimeout`). A crashed worker has usually ended already, so this returns at once.
    private func ensureEnded(_ execution: Execution<FileDescriptorInput, FileDescriptorOutput, SequenceOutput>) async {
        let process = ProcessLiveness(execution.processIdentifier)
        if await process.waitForExit(upTo: stopStepTimeout) { return }
        logger.warning("worker_output_closed_alive", metadata: ["stop_signal": "SIGTERM", "pid": .stringConvertible(execution.processIdentifier.value)])
        try? execution.send(signal: .terminate)
        if await process.waitForExit(upTo: stopStepTimeout) { return }
        logger.warning("worker_stop_escalated", metadata: ["stop_signal": "SIGKILL"])
        try? execution.send(signal: .kill)
    }

    /// Waits for stop requests: a polite stop closes stdin, then escalates to SIGTERM and SIGKILL,
    /// each step given `stopStepTimeout`; a kill request sends SIGKILL at once, even mid-sequence.
    private func obeyStopRequests(_ execution: Execution<FileDescriptorInput, FileDescriptorOutput, SequenceOutput>) async {
        await withTaskGroup(of: Void.self) { escalation in
            var politeStopStarted = false
            for await _ in control.requests {
                if control.isKillRequested {
                    try? execution.send(signal: .kill)
                    break
                }
                guard !politeStopStarted else { continue }
                politeStopStarted = true
                connection.closeInput()
                escalation.addTask {
                    guard (try? await Task.sleep(for: stopStepTimeout)) != nil else { return }
                    logger.warning("worker_stop_escalated", metadata: ["stop_signal": "SIGTERM"])
                    try? execution.send(signal: .terminate)
                    guard (try? await Task.sleep(for: stopStepTimeout)) != nil else { return }
                    logger.warning("worker_stop_escalated", metadata: ["stop_signal": "SIGKILL"])
                    try? execution.send(signal: .kill)
                }
            }
            escalation.cancelAll()
        }
    }
}

/// Asks a running ``WorkerProcess`` to stop: politely (stdin closed, then escalating) or at once.
final class WorkerControl: Sendable {
    let requests: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let killRequested = Mutex(false)

    init() {
        (requests, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    /// Begins the polite stop sequence.
    func stop() {
        continuation.yield()
    }

    /// Sends SIGKILL at once (a hung or misbehaving worker).
    func kill() {
        killRequested.withLock { $0 = true }
        continuation.yield()
    }

    var isKillRequested: Bool {
        killRequested.withLock { $0 }
    }
}
