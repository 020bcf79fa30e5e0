import Foundation
import OrderedJSON
import Proxy
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Worker supervision and probes", .timeLimit(.minutes(3)))
struct WorkerSupervisionTests {
    @Test("a slow handshake keeps readiness at 503 until initialize completes")
    func slowHandshake() async throws {
        try await ProxyHarness.run(behaviour: ["handshakeDelayMs": 1500], waitForReady: false) { proxy in
            try await proxy.waitUntil("worker spawned", timeout: .seconds(20)) { proxy.application.supervisor.snapshot.pid != nil }
            let during = try await proxy.get("/readyz")
            #expect(during.status == 503)
            #expect(during.header("Retry-After") != nil)
            #expect(try during.json["worker_state"] == "handshaking")
            #expect(try await proxy.get("/livez").status == 200)
            let chat = try await proxy.chat(ProxyHarness.chatBody("hi"))
            #expect(chat.status == 503)
            #expect(chat.error?["code"] == "worker_unavailable")
            #expect(chat.error?["retryable"] == true)
            try await proxy.waitUntil("ready", timeout: .seconds(10)) { try await proxy.get("/readyz").status == 200 }
        }
    }

    @Test("a handshake that never completes times out and the worker is replaced")
    func handshakeTimeout() async throws {
        let behaviour: JSONValue = ["launches": [["hang": ["onHandshake": true]]]]
        try await ProxyHarness.run(environment: ["WORKER_HANDSHAKE_TIMEOUT_MS": "1500"], behaviour: behaviour) { proxy in
            #expect(proxy.logged("worker_handshake_timeout").count == 1)
            #expect(proxy.application.supervisor.snapshot.restartCount == 1)
        }
    }

    @Test("more restarts than WORKER_RESTART_MAX within the window stops the supervisor and fails /livez")
    func restartLimit() async throws {
        let environment = ["WORKER_RESTART_MAX": "2", "WORKER_RESTART_WINDOW_MS": "60000", "WORKER_BACKOFF_INITIAL_MS": "20", "WORKER_BACKOFF_MAX_MS": "40"]
        try await ProxyHarness.run(environment: environment, behaviour: ["crash": ["onHandshake": true, "exitCode": 3]], waitForReady: false) { proxy in
            try await proxy.waitUntil("livez 503", timeout: .seconds(10)) { try await proxy.get("/livez").status == 503 }
            let live = try await proxy.get("/livez").json
            #expect(live["status"] == "failed")
            #expect(live["worker_state"] == "stopped")
            let ready = try await proxy.get("/readyz").json
            #expect(ready["last_exit_code"] == 3)
            #expect(proxy.logged("worker_restart_limit_exceeded").count == 1)
            #expect(try proxy.workerEvents().filter { $0["event"] == "crash" }.count == 3)
        }
    }

    @Test("a worker that stays ready resets the backoff streak")
    func backoffResets() async throws {
        try await ProxyHarness.run(environment: ["WORKER_BACKOFF_RESET_MS": "100"]) { proxy in
            for round in 1...3 {
                let pid = try #require(proxy.application.supervisor.snapshot.pid)
                try await Task.sleep(for: .milliseconds(150))
                kill(pid, SIGKILL)
                try await proxy.waitUntil("restart \(round)", timeout: .seconds(20)) {
                    let status = proxy.application.supervisor.snapshot
                    return status.isReady && status.restartCount == round
                }
                #expect(proxy.application.supervisor.snapshot.backoffMilliseconds == 50, "streak reset: the first backoff every time")
            }
        }
    }
}
