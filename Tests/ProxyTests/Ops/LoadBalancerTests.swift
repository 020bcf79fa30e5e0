import Foundation
import OrderedJSON
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Three proxies behind a real HAProxy that health-checks `/readyz`: one replica loses its
/// worker, another is SIGTERMed, all under a bounded load; every request is accounted for and
/// the balancer stops routing to a replica as soon as it is unready.
@Suite("Load balancer", .timeLimit(.minutes(4)))
struct LoadBalancerTests {
    /// What one request of the load got.
    struct Outcome: Sendable {
        var started: ContinuousClock.Instant
        var server: String?
        var status: Int
        /// 200 with a complete answer, or an error marked retryable: both are accounted for.
        var accounted: Bool
        var detail: String
    }

    /// When HAProxy was seen to change a server's state.
    struct Transition: Sendable {
        var server: String
        var state: String
        var at: ContinuousClock.Instant
    }

    @Test("HAProxy stops routing to a replica whose worker died and to one that drains; every request ends in success or a retryable error")
    func balancerRoutesAroundUnreadyReplicas() async throws {
        let folder = try TemporaryDirectory("load-balancer")
        defer { folder.remove() }
        var replicas: [ProxyProcess] = []
        defer { for replica in replicas { replica.terminate() } }
        var clients: [ProcessClient] = []
        for name in ["a", "b", "c"] {
            // Paced replies keep turns in flight; replica a's second worker is slow to handshake, so
            // it stays unready for a while after its first worker is killed.
            let behaviour = name == "a" ? #"{"deltaDelayMs": 20, "launches": [{}, {"handshakeDelayMs": 2500}]}"# : #"{"deltaDelayMs": 20}"#
            let replica = try await ProxyProcess.start(environment: [
                "FAKE_CODEX_BEHAVIOUR_JSON": behaviour, "FAKE_CODEX_STATE_DIR": folder.url.appendingPathComponent(name).path,
                "WORKER_SHUTDOWN_GRACE_MS": "3000", "WORKER_BACKOFF_INITIAL_MS": "100", "WORKER_MAX_CONCURRENCY": "8",
            ])
            replicas.append(replica)
            clients.append(try await replica.waitUntilReady())
        }
        let servers = zip(["a", "b", "c"], clients).map { (name: $0, port: Int($1.baseURL.split(separator: ":").last!)!) }

        try await HAProxyBalancer.run(servers: servers) { balancer in
            try await ProcessClient(baseURL: balancer.url).waitUntil("all three replicas up in HAProxy", timeout: .seconds(10)) {
                try await balancer.serverStates().values.allSatisfy { $0 == "UP" }
            }
            let record = Record()
            let deadline = ContinuousClock.now + .seconds(60)

            try await withThrowingTaskGroup(of: Void.self) { group in
                // The load: 4 clients, alternating JSON and streamed completions, at most 3,000
                // requests or 60 s in all.
                for client in 0..<4 {
                    group.addTask {
                        var sent = 0
                        while !record.stop.load(ordering: .relaxed), sent < 750, ContinuousClock.now < deadline {
                            let outcome = await Self.send(to: balancer.url, stream: (sent + client) % 2 == 0)
                            record.outcomes.withLock { $0.append(outcome) }
                            sent += 1
                        }
                    }
                }
                // Watch HAProxy's view of the servers.
                group.addTask {
                    var last: [String: String] = [:]
                    while !record.stop.load(ordering: .relaxed), ContinuousClock.now < deadline {
                        if let states = try? await balancer.serverStates() {
                            for (server, state) in states where last[server] != state {
                                record.transitions.withLock { $0.append(Transition(server: server, state: state, at: .now)) }
                            }
                            last = states
                        }
                        try await Task.sleep(for: .milliseconds(25))
                    }
                }
                defer { record.stop.store(true, ordering: .relaxed) }
                let watcher = ProcessClient(baseURL: balancer.url)
                try await Task.sleep(for: .seconds(1))

                // 1. Kill replica a's worker.
                let health = try await clients[0].get("/healthz").json
                let workerPID = try #require(health["worker_pid"]?.integerValue)
                kill(pid_t(workerPID), SIGKILL)
                try await watcher.waitUntil("HAProxy marks a down", timeout: .seconds(10)) { record.state(of: "a")?.hasPrefix("DOWN") == true }
                try await watcher.waitUntil("a ready and up again", timeout: .seconds(20)) { record.state(of: "a") == "UP" }
                try await Task.sleep(for: .milliseconds(500))

                // 2. SIGTERM replica b under load; it drains and exits 0.
                kill(replicas[1].pid, SIGTERM)
                try await watcher.waitUntil("HAProxy marks b down", timeout: .seconds(10)) { record.state(of: "b")?.hasPrefix("DOWN") == true }
                let exit = try await replicas[1].waitForExit(timeout: .seconds(20))
                #expect(exit == .exited(0), "replica b exit: \(exit)")
                try await Task.sleep(for: .seconds(1))
                record.stop.store(true, ordering: .relaxed)
                try await group.waitForAll()
            }

            let all = record.outcomes.withLock { $0 }
            let seen = record.transitions.withLock { $0 }
            #expect(all.count >= 40, "only \(all.count) requests were sent")
            let unaccounted = all.filter { !$0.accounted }
            #expect(unaccounted.isEmpty, "unaccounted: \(unaccounted.prefix(5).map { "\($0.status) \($0.detail)" })")
            // After HAProxy marked a server down, no request that started later reached it until
            // HAProxy marked it up again.
            for server in ["a", "b"] {
                for (down, up) in Self.downWindows(of: server, in: seen) {
                    let leaked = all.filter { $0.server == server && $0.started > down && (up == nil || $0.started < up!) }
                    #expect(leaked.isEmpty, "\(leaked.count) requests went to \(server) while HAProxy had it down")
                }
            }
            #expect(Self.downWindows(of: "a", in: seen).count == 1 && Self.downWindows(of: "b", in: seen).count == 1, "\(seen.map { "\($0.server) \($0.state)" })")
            let aDown = Self.downWindows(of: "a", in: seen).first
            let servedByAAfterRecovery = all.filter { $0.server == "a" && aDown?.1 != nil && $0.started > aDown!.1! }.count
            #expect(servedByAAfterRecovery > 0, "a took traffic again once ready")
            let byServer = Dictionary(grouping: all, by: { $0.server ?? "none" }).mapValues(\.count)
            let retryable = all.filter { $0.status != 200 }.count
            print("load balancer: \(all.count) requests, by server \(byServer), \(retryable) retryable errors, transitions \(seen.map { "\($0.server)=\($0.state)" })")
        }
    }

    /// One chat completion through the balancer, classified.
    static func send(to url: String, stream: Bool) async -> Outcome {
        let started = ContinuousClock.now
        do {
            let response = try await ProcessClient(baseURL: url).chat(ProxyHarness.chatBody("say hi", stream: stream))
            let server = response.header("X-Served-By")
            if response.status == 200 {
                if !stream {
                    let complete = (try? response.json)?["choices"]?[0]?["finish_reason"] == "stop"
                    return Outcome(started: started, server: server, status: 200, accounted: complete, detail: "json")
                }
                let events = response.events
                if events.last == .done { return Outcome(started: started, server: server, status: 200, accounted: true, detail: "stream") }
                let error = events.compactMap { $0.json?["error"] }.last
                return Outcome(
                    started: started, server: server, status: 200, accounted: error?["retryable"]?.boolValue == true,
                    detail: "stream ended with \(error.map { "\($0)" } ?? "no [DONE] and no error event")"
                )
            }
            let retryable = response.error?["retryable"]?.boolValue == true && response.header("Retry-After") != nil
            return Outcome(started: started, server: server, status: response.status, accounted: retryable, detail: String(decoding: response.body.prefix(200), as: UTF8.self))
        } catch {
            return Outcome(started: started, server: nil, status: 0, accounted: false, detail: "\(error)")
        }
    }

    /// What the load and the watcher saw, shared between their tasks.
    final class Record: Sendable {
        let outcomes = Mutex<[Outcome]>([])
        let transitions = Mutex<[Transition]>([])
        let stop = Atomic<Bool>(false)

        /// HAProxy's last known state of `server`.
        func state(of server: String) -> String? {
            transitions.withLock { $0.last { $0.server == server }?.state }
        }
    }

    /// The periods in which HAProxy had `server` down: (down since, up again at or nil).
    static func downWindows(of server: String, in transitions: [Transition]) -> [(ContinuousClock.Instant, ContinuousClock.Instant?)] {
        var windows: [(ContinuousClock.Instant, ContinuousClock.Instant?)] = []
        for transition in transitions where transition.server == server {
            if transition.state.hasPrefix("DOWN"), windows.last.map({ $0.1 != nil }) ?? true {
                windows.append((transition.at, nil))
            } else if transition.state == "UP", let open = windows.last, open.1 == nil {
                windows[windows.count - 1].1 = transition.at
            }
        }
        return windows
    }
}
