import Foundation
import OrderedJSON
import Proxy
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Readiness must follow a worker's death within 100 ms. The timing is only meaningful on a quiet
/// machine, so scripts/test.sh runs this suite on its own after the others.
@Suite("Readiness timing", .serialized, .timeLimit(.minutes(1)))
struct ReadinessTimingTests {
    @Test("killing the worker makes /readyz 503 within 100 ms of its exit, and 200 again after backoff and handshake")
    func killAndRecover() async throws {
        try await ProxyHarness.run(environment: ["WORKER_BACKOFF_INITIAL_MS": "250"]) { proxy in
            let pid = try #require(proxy.application.supervisor.snapshot.pid)
            #expect(try await proxy.get("/readyz").status == 200)
            let killed = ContinuousClock.now
            kill(pid, SIGKILL)
            try await proxy.waitUntil("readyz 503", timeout: .seconds(2)) { try await proxy.get("/readyz").status == 503 }
            let notReadyAfter = ContinuousClock.now - killed
            #expect(notReadyAfter < .milliseconds(100), "readiness dropped after \(notReadyAfter)")
            try await proxy.waitUntil("the exit is reported", timeout: .seconds(2)) {
                try await proxy.get("/readyz").json["last_exit_signal"] != nil
            }
            let body = try await proxy.get("/readyz").json
            #expect(body["last_exit_signal"] == .integer(Int64(SIGKILL)))
            #expect(body["restart_streak"] == 1)
            try await proxy.waitUntil("readyz 200", timeout: .seconds(10)) { try await proxy.get("/readyz").status == 200 }
            let recoveredAfter = ContinuousClock.now - killed
            #expect(recoveredAfter >= .milliseconds(250), "backoff was honoured")
            let health = try await proxy.get("/healthz").json
            #expect(health["restart_count"] == 1)
            #expect(health["worker_pid"]?.integerValue != Int64(pid))
            #expect(proxy.logged("worker_exited").count == 1)
            #expect(proxy.logged("worker_backoff").first?["backoff_ms"] == 250)
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
        }
    }
}
