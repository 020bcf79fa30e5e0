import Foundation
import OrderedJSON
import Subprocess
import Synchronization
import SystemPackage
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The `codex-proxy` executable run as a child process with `fake-codex` as its worker.
///
/// The child is started with `posix_spawn` semantics through Subprocess in a background task;
/// its stdout (JSON log lines) is collected so the test can read the bound port.
final class ProxyProcess: Sendable {
    let pid: pid_t
    private let exit: Task<TerminationStatus, any Error>
    private let output: LogCollector

    private init(pid: pid_t, exit: Task<TerminationStatus, any Error>, output: LogCollector) {
        self.pid = pid
        self.exit = exit
        self.output = output
    }

    static func start(environment: [String: String]) async throws -> ProxyProcess {
        var settings: [Environment.Key: String?] = [
            "PROXY_HOST": "127.0.0.1", "PROXY_PORT": "0", "PROXY_API_KEY": ProxyHarness.apiKey,
            "CODEX_BIN": BuiltProducts.path(of: "fake-codex"), "WORKER_STOP_TIMEOUT_MS": "1000",
            "PROXY_MODELS": "gpt-5.1-codex",
        ]
        for (key, value) in environment { settings[Environment.Key(stringLiteral: key)] = value }
        let collector = LogCollector()
        let (pids, pidContinuation) = AsyncStream.makeStream(of: pid_t.self)
        let finalSettings = settings
        let exit = Task {
            try await Subprocess.run(
                .path(FilePath(BuiltProducts.path(of: "codex-proxy"))),
                environment: .inherit.updating(finalSettings),
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                pidContinuation.yield(execution.processIdentifier.value)
                async let errors: Void = collector.drain(execution.standardError)
                await collector.drain(execution.standardOutput)
                await errors
            }.terminationStatus
        }
        for await pid in pids {
            return ProxyProcess(pid: pid, exit: exit, output: collector)
        }
        throw HarnessError.serverDidNotStart
    }

    /// Waits for `server_started`, then for readiness; returns a client bound to the port.
    func waitUntilReady(timeout: Duration = .seconds(20)) async throws -> ProcessClient {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let port = output.port() {
                let client = ProcessClient(baseURL: "http://127.0.0.1:\(port)")
                try await client.waitUntil("ready", timeout: deadline - .now) { (try? await client.get("/readyz").status) == 200 }
                return client
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HarnessError.timedOut("server_started in the proxy's output: \(output.text)")
    }

    func waitForExit(timeout: Duration) async throws -> TerminationStatus {
        try await withThrowingTaskGroup(of: TerminationStatus.self) { group in
            group.addTask { try await self.exit.value }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HarnessError.timedOut("the proxy to exit")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Everything the proxy printed so far.
    var logText: String { output.text }

    /// Kills the proxy and its worker. A proxy killed alone leaves its worker behind, and a fake
    /// that hangs does not notice its input closing (as a hung codex would not): it would run
    /// on after the test, one orphan per run.
    func terminate() {
        let workers = Self.children(of: pid)
        kill(pid, SIGKILL)
        for worker in workers { kill(worker, SIGKILL) }
    }

    /// The direct children of `pid`: each thread's `/proc/PID/task/TID/children` (a child is
    /// listed under the thread that spawned it).
    static func children(of pid: pid_t) -> [pid_t] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return threads.flatMap { thread -> [pid_t] in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/children", encoding: .utf8) else { return [] }
            return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }
}

/// An HTTP client for a proxy running as a separate process.
struct ProcessClient: ProxyEndpoint {
    let baseURL: String
}

/// Collects a child's output lines.
final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])

    func drain(_ sequence: SubprocessOutputSequence) async {
        do {
            for try await line in sequence.strings() {
                lines.withLock { $0.append(line) }
            }
        } catch {
            return
        }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    /// The port from the `server_started` log line.
    func port() -> Int? {
        for line in lines.withLock({ $0 }) where line.contains("server_started") {
            if let value = try? JSONParser().parse(line), let port = value["port"]?.stringValue ?? value["port"]?.integerValue.map(String.init) {
                return Int(port)
            }
            if let range = line.range(of: #"port=(\d+)"#, options: .regularExpression) {
                return Int(line[range].dropFirst(5))
            }
        }
        return nil
    }
}
