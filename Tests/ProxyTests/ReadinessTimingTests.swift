import Foundation
import OrderedJSON
import Proxy
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Readiness follows a worker's death before anything else happens: it drops while the backoff
/// still runs, and comes back only after a new handshake. The order of events is the test; how
/// fast it drops is measured by `loadsim recovery` (scripts/bench-proxy.sh), not asserted here.
@Suite("Readiness timing", .timeLimit(.minutes(1)))
struct ReadinessTimingTests {
    @Test("killing the worker makes /readyz 503 during the backoff, and 200 again only after it and a new handshake")
    func killAndRecover() async throws {
        try await ProxyHarness.run(environment: ["WORKER_BACKOFF_INITIAL_MS": "1500", "WORKER_BACKOFF_MAX_MS": "1500"]) { proxy in
            let pid = try #require(proxy.application.supervisor.snapshot.pid)
            #expect(try await proxy.get("/readyz").status == 200)
            let killed = ContinuousClock.now
            kill(pid, SIGKILL)
            try await proxy.waitUntil("readyz 503", timeout: .seconds(20)) { try await proxy.get("/readyz").status == 503 }
            #expect(proxy.logged("worker_started").count == 1, "readiness dropped before the replacement started")
            try await proxy.waitUntil("the exit is reported", timeout: .seconds(20)) {
                try await proxy.get("/readyz").json["last_exit_signal"] != nil
            }
            let body = try await proxy.get("/readyz").json
            #expect(body["last_exit_signal"] == .integer(Int64(SIGKILL)))
            #expect(body["restart_streak"] == 1)
            try await proxy.waitUntil("readyz 200", timeout: .seconds(30)) { try await proxy.get("/readyz").status == 200 }
            let recoveredAfter = ContinuousClock.now - killed
            #expect(recoveredAfter >= .milliseconds(1500), "backoff was honoured")
            let started = proxy.logged("worker_started").count
            let ready = proxy.logged("worker_ready").count
            #expect(started == 2 && ready == 2, "ready again only after the new worker's handshake")
            let health = try await proxy.get("/healthz").json
            #expect(health["restart_count"] == 1)
            #expect(health["worker_pid"]?.integerValue != Int64(pid))
            #expect(proxy.logged("worker_exited").count == 1)
            #expect(proxy.logged("worker_backoff").first?["backoff_ms"] == 1500)
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
        }
    }
}
