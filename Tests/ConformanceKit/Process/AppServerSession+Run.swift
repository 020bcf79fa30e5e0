import CodexAppServer
import Foundation
import TestSupport

extension AppServerSession {
    /// Starts the child, runs `body` with a session, then closes stdin and waits for the child to
    /// exit (killing it after ``AppServerLaunch/exitTimeout``). stdout and stderr are drained for
    /// the whole life of the child so it never blocks on a full pipe.
    public static func run<Result: Sendable>(
        _ launch: AppServerLaunch,
        body: (AppServerSession) async throws -> Result
    ) async throws -> SessionOutcome<Result> {
        let environment: Environment
        var keyed: [Environment.Key: String] = [:]
        for (name, value) in launch.environment { keyed[Environment.Key(rawValue: name)!] = value }
        if launch.inheritEnvironment {
            environment = .inherit.updating(keyed.mapValues { Optional($0) })
        } else {
            environment = .custom(keyed)
        }
        // A child that dies while we write to it must fail the write, not kill the test runner.
        _ = signal(SIGPIPE, SIG_IGN)
        let stderrBuffer = ByteCollector()
        let outcome = try await Subprocess.run(
            .path(.init(launch.executable)),
            arguments: Arguments(launch.arguments),
            environment: environment,
            workingDirectory: launch.workingDirectory.map { .init($0) },
            input: .inputWriter,
            output: .sequence,
            error: .sequence
        ) { execution in
            let session = AppServerSession(
                writer: execution.standardInputWriter,
                processIdentifier: execution.processIdentifier.value,
                signalSender: { try? execution.send(signal: $0) }
            )
            return try await withThrowingTaskGroup(of: Void.self, returning: (Result, AppServerSession).self) { group in
                group.addTask {
                    var framer = LineFramer()
                    for try await buffer in execution.standardOutput {
                        let bytes = buffer.withUnsafeBytes { Array($0) }
                        for case .complete(let line) in framer.append(bytes) {
                            await session.receive(String(decoding: line, as: UTF8.self))
                        }
                    }
                    if case .complete(let tail)? = framer.finish() {
                        await session.receive(String(decoding: tail, as: UTF8.self))
                    }
                    await session.markOutputClosed()
                }
                group.addTask {
                    for try await buffer in execution.standardError {
                        await stderrBuffer.append(buffer.withUnsafeBytes { Array($0) })
                    }
                }
                let result: Result
                do {
                    result = try await body(session)
                } catch {
                    await session.closeInput()
                    try? execution.send(signal: .kill)
                    throw error
                }
                await session.closeInput()
                _ = await session.waitUntil(timeout: launch.exitTimeout) { _ in false }
                if !(await session.outputClosed) { try? execution.send(signal: .kill) }
                try await group.waitForAll()
                return (result, session)
            }
        }
        let (result, session) = outcome.closureResult
        await session.appendExit(Self.exitDescription(outcome.terminationStatus))
        return SessionOutcome(
            result: result,
            termination: outcome.terminationStatus,
            standardError: String(decoding: await stderrBuffer.bytes, as: UTF8.self),
            transcript: await session.transcript
        )
    }

    /// `EXIT` text as scripts/record-capture.py writes it: the code, or minus the signal number.
    public static func exitDescription(_ status: TerminationStatus) -> String {
        switch status {
        case .exited(let code): "\(code)"
        case .signaled(let signal): "-\(signal)"
        }
    }
}
