import AsyncHTTPClient
import Foundation
import Logging
import OrderedJSON
import Proxy
import Redaction
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// A real proxy on a real loopback port, in this process, with a real `fake-codex` child as its
/// worker. Each harness has its own temporary folder holding the fake's behaviour document and
/// state directory (launch counter, pid file, event log).
struct ProxyHarness: ProxyEndpoint {
    static let apiKey = "test-key-0123456789abcdef"

    let baseURL: String
    /// The separate metrics listener, when `PROXY_METRICS_PORT` is set.
    let metricsURL: String?
    let application: ProxyApplication
    let folder: URL
    let logs: LogCapture

    /// The fake's state directory.
    var stateDirectory: URL { folder.appendingPathComponent("state") }

    /// Starts a proxy, waits until the worker is ready (unless `waitForReady` is false), runs
    /// `body`, then shuts the proxy down gracefully whatever `body` did.
    static func run<Result: Sendable>(
        environment: [String: String] = [:],
        behaviour: JSONValue? = nil,
        waitForReady: Bool = true,
        _ body: @Sendable (ProxyHarness) async throws -> Result
    ) async throws -> Result {
        let folder = try TemporaryDirectory("proxy-test").url
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = ["--state-dir", folder.appendingPathComponent("state").path]
        if let behaviour {
            let path = folder.appendingPathComponent("behaviour.json")
            try Data(behaviour.jsonBytes).write(to: path)
            arguments += ["--behaviour", path.path]
        }
        var settings = [
            "PROXY_HOST": "127.0.0.1",
            "PROXY_PORT": "0",
            "PROXY_API_KEY": apiKey,
            "CODEX_BIN": BuiltProducts.path(of: "fake-codex"),
            "CODEX_ARGS": arguments.map { "'\($0)'" }.joined(separator: " "),
            "WORKER_BACKOFF_INITIAL_MS": "50",
            "WORKER_BACKOFF_MAX_MS": "400",
            "WORKER_STOP_TIMEOUT_MS": "500",
            "LOG_LEVEL": "debug",
            // The fake lists codex's bundled catalog; tests that want it pass PROXY_MODELS "".
            "PROXY_MODELS": "gpt-5.1-codex",
        ]
        settings.merge(environment) { $1 }
        let configuration = try ProxyConfiguration(environment: settings)
        let logs = LogCapture()
        let redactor = try Redactor(ruleFilePath: configuration.observability.redactionRulesPath)
        let logger = ProxyLogging.logger(configuration.observability, redactor: redactor, writer: logs.writer)
        let application = try ProxyApplication(configuration: configuration, logger: logger, redactor: redactor)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let metricsPort = Mutex<Int?>(nil)
        let group = application.serviceGroup(gracefulShutdownSignals: []) { listener, port in
            switch listener {
            case .api: portContinuation.yield(port)
            case .metrics: metricsPort.withLock { $0 = port }
            }
        }

        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await ports.first(where: { _ in true }) else { throw HarnessError.serverDidNotStart }
            if configuration.observability.metrics.port != nil {
                while metricsPort.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(5)) }
            }
            let harness = ProxyHarness(
                baseURL: "http://127.0.0.1:\(port)", metricsURL: metricsPort.withLock { $0 }.map { "http://127.0.0.1:\($0)" },
                application: application, folder: folder, logs: logs
            )
            let outcome: Swift.Result<Result, any Error>
            do {
                if waitForReady { try await harness.waitUntil("worker ready", timeout: .seconds(20)) { harness.application.supervisor.snapshot.isReady } }
                outcome = .success(try await body(harness))
            } catch {
                outcome = .failure(error)
                let tail = logs.rawText.split(separator: "\n").suffix(40).joined(separator: "\n")
                print("proxy log (last 40 lines) for the failed test:\n\(tail)")
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            try logs.validateAgainstSchema()
            return try outcome.get()
        }
    }

    /// The fake's event log: one JSON object per received client message or notable action.
    func workerEvents() throws -> [JSONValue] {
        let path = stateDirectory.appendingPathComponent("events.jsonl")
        guard let data = FileManager.default.contents(atPath: path.path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONParser().parse($0) }
    }

    /// Methods the worker received, in order.
    func receivedMethods() throws -> [String] {
        try workerEvents().filter { $0["event"]?.stringValue == "received" }.compactMap { $0["method"]?.stringValue }
    }

    /// Log lines of `event` that the proxy wrote, parsed.
    func logged(_ event: String) -> [JSONValue] {
        logs.entries.filter { $0["event"]?.stringValue == event }
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case serverDidNotStart
    case timedOut(String)

    var description: String {
        switch self {
        case .serverDidNotStart: "the proxy did not start listening"
        case .timedOut(let what): "timed out waiting for \(what)"
        }
    }
}
