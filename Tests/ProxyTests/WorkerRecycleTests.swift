import Foundation
import OrderedJSON
import Synchronization
import Testing

/// Bounded memory: the worker is replaced after a number of turns or above a memory limit, its
/// successor handshaken first, so readiness never drops and no request fails. Not a crash.
@Suite("Worker recycling", .timeLimit(.minutes(2)))
struct WorkerRecycleTests {
    @Test("after WORKER_RECYCLE_AFTER_TURNS the worker is replaced with no unready moment, no failed request and no restart")
    func recycleByTurns() async throws {
        let environment = ["WORKER_RECYCLE_AFTER_TURNS": "3", "WORKER_RECYCLE_CHECK_MS": "20", "PROXY_ENABLE_METRICS": "true"]
        try await ProxyHarness.run(environment: environment) { proxy in
            let unready = Mutex(0)
            let poller = Task {
                while !Task.isCancelled {
                    if (try? await proxy.get("/readyz").status) != 200 { unready.withLock { $0 += 1 } }
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            var statuses: [Int] = []
            for index in 0..<12 {
                statuses.append(try await proxy.chat(ProxyHarness.chatBody("REPLY:turn \(index)")).status)
                try await Task.sleep(for: .milliseconds(40))
            }
            poller.cancel()
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(unready.withLock { $0 } == 0, "readiness never dropped")
            // No more turns: a recycle the last turns started may still finish; then counts hold still.
            let settled = Mutex(-1)
            try await proxy.waitUntil("recycling settles", timeout: .seconds(20)) {
                try await Task.sleep(for: .milliseconds(300))
                let now = proxy.application.supervisor.snapshot.recycleCount
                let before = settled.withLock { previous in
                    defer { previous = now }
                    return previous
                }
                return now == before && proxy.logged("worker_recycled").count == now
            }
            let status = proxy.application.supervisor.snapshot
            #expect(status.recycleCount >= 2)
            #expect(status.restartCount == 0, "a recycle is not a restart")
            #expect(proxy.logged("worker_recycled").count == status.recycleCount)
            let launches = Set(try proxy.workerEvents().compactMap { $0["launch"]?.integerValue })
            #expect(launches.count >= 3, "three or more worker processes served: \(launches)")
            try await proxy.waitUntil("retired workers exit", timeout: .seconds(20)) {
                proxy.logged("worker_exited").filter { $0["reason"] == "retired" }.count >= status.recycleCount
            }
            #expect(proxy.logged("worker_exited").allSatisfy { $0["level"] == "info" && $0["reason"] == "retired" })
            let metrics = try await proxy.scrape()
            #expect(metrics.value("codex_worker_restarts_total") == 0)
            #expect(metrics.value("codex_worker_recycles_total") == Double(status.recycleCount))
        }
    }

    @Test("a stream in flight on the retiring worker finishes there while new requests go to the successor")
    func inFlightTurnFinishesOnOldWorker() async throws {
        let environment = ["WORKER_RECYCLE_AFTER_TURNS": "1", "WORKER_RECYCLE_CHECK_MS": "20"]
        let behaviour: JSONValue = ["reply": "slow reply from the old worker", "chunkSize": 4, "deltaDelayMs": 120]
        try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
            let firstPID = try #require(proxy.application.supervisor.snapshot.pid)
            let stream = Task { try await proxy.chat(ProxyHarness.chatBody("long", stream: true)) }
            try await proxy.waitUntil("the successor takes over", timeout: .seconds(10)) {
                proxy.application.supervisor.snapshot.recycleCount == 1
            }
            #expect(proxy.application.supervisor.snapshot.pid != firstPID)
            let second = try await proxy.chat(ProxyHarness.chatBody("REPLY:served by the successor"))
            #expect(second.status == 200)
            let finished = try await stream.value
            #expect(finished.events.last == .done)
            let text = finished.events.compactMap { $0.json?["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "slow reply from the old worker")
            try await proxy.waitUntil("the old worker exits", timeout: .seconds(20)) {
                proxy.logged("worker_exited").contains { $0["reason"] == "retired" && $0["pid"] == .integer(Int64(firstPID)) }
            }
            let turnStarts = try proxy.workerEvents().filter { $0["method"] == "turn/start" }
            #expect(Set(turnStarts.compactMap { $0["pid"]?.integerValue }).count == 2, "each worker served one turn")
        }
    }

    @Test("a worker above WORKER_RECYCLE_RSS_MB is replaced for memory")
    func recycleByMemory() async throws {
        let environment = ["WORKER_RECYCLE_AFTER_TURNS": "0", "WORKER_RECYCLE_RSS_MB": "1", "WORKER_RECYCLE_CHECK_MS": "50"]
        try await ProxyHarness.run(environment: environment) { proxy in
            try await proxy.waitUntil("a recycle for memory", timeout: .seconds(10)) {
                proxy.logged("worker_recycle_started").contains { $0["reason"] == "memory" } && proxy.application.supervisor.snapshot.recycleCount >= 1
            }
            #expect(try await proxy.chat(ProxyHarness.chatBody("say hi")).status == 200)
            #expect(proxy.application.supervisor.snapshot.restartCount == 0)
        }
    }
}
