import CodexAppServer
import OrderedJSON
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// The `codex-proxy` child of one scenario: started with the scenario's environment on a port
/// of its choosing (`PROXY_PORT=0`, read back from `server_started`), its JSON log lines kept,
/// its exit recorded. ``run()`` owns the process for its whole life.
final class ProxyProcess: Sendable {
    struct State: Sendable {
        var pid: Int32?
        var port: Int?
        var logs: [JSONValue] = []
        var exitedAtMs: Double?
        var exitCode: Int?
        var exitSignal: Int?
        var startFailure: String?
    }

    let executable: String
    let environment: [String: String]
    let clock: LoadClock
    /// Keep the log lines (scenarios judge them); off, only `server_started` is looked for.
    let keepLogs: Bool
    private let state = Mutex(State())
    private let logLimit = 500_000

    init(executable: String, environment: [String: String], clock: LoadClock, keepLogs: Bool = true) {
        self.executable = executable
        self.environment = environment
        self.clock = clock
        self.keepLogs = keepLogs
    }

    var snapshot: State { state.withLock { $0 } }
    var hasExited: Bool { state.withLock { $0.exitedAtMs != nil || $0.startFailure != nil } }

    /// Runs the proxy until it exits (it is stopped with ``signal(_:)``).
    func run() async {
        var settings: [Environment.Key: String?] = [:]
        for (key, value) in environment { settings[Environment.Key(stringLiteral: key)] = value }
        do {
            let outcome = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: ["serve"],
                environment: .inherit.updating(settings),
                input: .none,
                output: .sequence,
                error: .discarded
            ) { execution in
                state.withLock { $0.pid = execution.processIdentifier.value }
                var framer = LineFramer(maximumLineLength: 1 << 20)
                for try await buffer in execution.standardOutput {
                    let lines = framer.append(buffer.withUnsafeBytes { Array($0) })
                    for line in lines { take(line) }
                }
            }
            state.withLock { state in
                state.exitedAtMs = clock.now()
                switch outcome.terminationStatus {
                case .exited(let code): state.exitCode = Int(code)
                case .signaled(let signal): state.exitSignal = Int(signal)
                }
            }
        } catch {
            state.withLock { $0.startFailure = "cannot start \(executable): \(error)" }
        }
    }

    private func take(_ line: LineFramer.Line) {
        guard case .complete(let bytes) = line else { return }
        if !keepLogs, state.withLock({ $0.port != nil }) { return }
        guard let json = try? JSONParser().parse(bytes) else { return }
        state.withLock { state in
            if json["event"]?.stringValue == "server_started", state.port == nil { state.port = json["port"]?.integerValue.map(Int.init) }
            if state.logs.count < logLimit { state.logs.append(json) }
        }
    }

    /// Sends `signal` to the proxy (not to its process group: the worker is the proxy's business).
    func signal(_ signal: Int32) {
        guard let pid = state.withLock({ $0.exitedAtMs == nil ? $0.pid : nil }) else { return }
        kill(pid, signal)
    }

    /// Waits until the proxy listens (its `server_started` line, or a connection to the port
    /// it was given) and returns the port, or why the proxy did not start.
    func waitForPort(timeoutMs: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        let given = environment["PROXY_PORT"].flatMap(Int.init).flatMap { $0 == 0 ? nil : $0 }
        while ContinuousClock.now < deadline {
            let current = snapshot
            if let port = current.port { return port }
            if let given, current.pid != nil, (try? await RawSocket(port: given, timeoutMs: 200)) != nil { return given }
            if let failure = current.startFailure { throw RunnerError(failure) }
            if current.exitedAtMs != nil { throw RunnerError("codex-proxy exited during start-up (exit \(current.exitCode.map(String.init) ?? "signal \(current.exitSignal ?? 0)"))") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw RunnerError("codex-proxy did not log server_started within \(timeoutMs) ms")
    }

    /// Stops the proxy: SIGTERM, then SIGKILL after `graceMs`; returns once it has exited.
    func stop(graceMs: Int) async {
        signal(SIGTERM)
        let deadline = ContinuousClock.now + .milliseconds(graceMs)
        while !hasExited, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if !hasExited { signal(SIGKILL) }
    }
}

/// A scenario could not be run as written (a missing binary, a proxy that would not start).
struct RunnerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
