import Foundation
import Logging
@testable import Proxy
import Redaction
import TestSupport
import Testing

@Suite("Supervisor cancellation", .timeLimit(.minutes(1)))
struct SupervisorCancellationTests {
    @Test("cancelling the supervisor's task stops its worker without restarting it")
    func cancellationStops() async throws {
        let configuration = try ProxyConfiguration(environment: ["CODEX_BIN": BuiltProducts.path(of: "fake-codex"), "WORKER_BACKOFF_INITIAL_MS": "10"])
        let logs = LogCapture()
        let logger = ProxyLogging.logger(level: .debug, format: .json, redactor: try Redactor(), writer: logs.writer)
        let supervisor = WorkerSupervisor(configuration: configuration.worker, logger: logger)
        let task = Task { try await supervisor.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while !supervisor.snapshot.isReady, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(supervisor.snapshot.isReady)
        task.cancel()
        try await task.value
        #expect(supervisor.snapshot.state == .stopped)
        #expect(supervisor.snapshot.restartCount == 0)
        #expect(logs.entries.filter { $0["event"] == "worker_started" }.count == 1)
        #expect(logs.entries.filter { $0["event"] == "worker_backoff" }.isEmpty)
    }
}
