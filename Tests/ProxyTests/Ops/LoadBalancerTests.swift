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
        var finished: ContinuousClock.Instant = .now
        var server: String?
        var status: Int
        /// 200 with a complete answer, or an error marked retryable: both are accounted for.
        var accounted: Bool
        var detail: String
    }

    /// One look at HAProxy's stats page: the server states it reported between `sent` and `received`.
    struct Poll: Sendable {
        var sent: ContinuousClock.Instant
        var received: ContinuousClock.Instant
        var states: [String: String]
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
                    while !record.stop.load(ordering: .relaxed), ContinuousClock.now < deadline {
                        let sent = ContinuousClock.now
                        if let states = try? await balancer.serverStates() {
                            record.polls.withLock { $0.append(Poll(sent: sent, received: .now, states: states)) }
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
                record.marks.withLock { $0.killed = ContinuousClock.now }
                kill(pid_t(workerPID), SIGKILL)
                try await watcher.waitUntil("HAProxy marks a down", timeout: .seconds(10)) { record.state(of: "a")?.hasPrefix("DOWN") == true }
                try await watcher.waitUntil("a ready and up again", timeout: .seconds(20)) { record.state(of: "a") == "UP" }
                try await Task.sleep(for: .milliseconds(500))

                // 2. SIGTERM replica b under load; it drains and exits 0.
                record.marks.withLock { $0.terminated = ContinuousClock.now }
                kill(replicas[1].pid, SIGTERM)
                try await watcher.waitUntil("HAProxy marks b down", timeout: .seconds(10)) { record.state(of: "b")?.hasPrefix("DOWN") == true }
                let exit = try await replicas[1].waitForExit(timeout: .seconds(20))
                #expect(exit == .exited(0), "replica b exit: \(exit)")
                try await Task.sleep(for: .seconds(1))
                record.stop.store(true, ordering: .relaxed)
                try await group.waitForAll()
            }

            let all = record.outcomes.withLock { $0 }
            let polls = record.polls.withLock { $0 }
            #expect(all.count >= 40, "only \(all.count) requests were sent")
            let unaccounted = all.filter { !$0.accounted }
            #expect(unaccounted.isEmpty, "unaccounted: \(unaccounted.prefix(5).map { "\($0.status) \($0.detail)" })")
            // While HAProxy had a server down, no request that began and ended inside that time
            // reached it (the balancer chose a server between the two). This holds for every
            // down period, including a check that timed out on a loaded machine.
            for server in ["a", "b", "c"] {
                for window in Self.downWindows(of: server, in: polls) {
                    let leaked = all.filter { $0.server == server && $0.started > window.from && $0.finished < window.until }
                    #expect(leaked.isEmpty, "\(leaked.count) requests went to \(server) while HAProxy had it down")
                }
            }
            let transitions = Self.transitions(in: polls)
            let marks = record.marks.withLock { $0 }
            let killed = try #require(marks.killed)
            let terminated = try #require(marks.terminated)
            // a went down after its worker was killed and came back; b went down after SIGTERM and
            // stayed down. Requests ran in those periods, so the check above proved something.
            let aDown = try #require(Self.downWindows(of: "a", in: polls).first { $0.from > killed && $0.until < terminated }, "\(transitions)")
            let bDown = try #require(Self.downWindows(of: "b", in: polls).last, "\(transitions)")
            #expect(bDown.from > terminated && polls.last?.states["b"]?.hasPrefix("DOWN") == true, "\(transitions)")
            for window in [aDown, bDown] {
                #expect(all.contains { $0.started > window.from && $0.finished < window.until }, "no request ran while a server was down: \(transitions)")
            }
            let aRecovered = try #require(polls.first { $0.states["a"] == "UP" && $0.sent > aDown.until })
            #expect(all.contains { $0.server == "a" && $0.started > aRecovered.received }, "a took traffic again once ready")
            let byServer = Dictionary(grouping: all, by: { $0.server ?? "none" }).mapValues(\.count)
            let retryable = all.filter { $0.status != 200 }.count
            print("load balancer: \(all.count) requests, by server \(byServer), \(retryable) retryable errors, transitions \(transitions)")
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
                    return Outcome(started: started, finished: .now, server: server, status: 200, accounted: complete, detail: "json")
                }
                let events = response.events
                if events.last == .done { return Outcome(started: started, finished: .now, server: server, status: 200, accounted: true, detail: "stream") }
                let error = events.compactMap { $0.json?["error"] }.last
                return Outcome(
                    started: started, finished: .now, server: server, status: 200, accounted: error?["retryable"]?.boolValue == true,
                    detail: "stream ended with \(error.map { "\($0)" } ?? "no [DONE] and no error event")"
                )
            }
            let retryable = response.error?["retryable"]?.boolValue == true && response.header("Retry-After") != nil
            return Outcome(started: started, finished: .now, server: server, status: response.status, accounted: retryable, detail: String(decoding: response.body.prefix(200), as: UTF8.self))
        } catch {
            return Outcome(started: started, finished: .now, server: nil, status: 0, accounted: false, detail: "\(error)")
        }
    }

    /// What the load and the watcher saw, shared between their tasks.
    final class Record: Sendable {
        let outcomes = Mutex<[Outcome]>([])
        let polls = Mutex<[Poll]>([])
        let marks = Mutex<(killed: ContinuousClock.Instant?, terminated: ContinuousClock.Instant?)>((nil, nil))
        let stop = Atomic<Bool>(false)

        /// HAProxy's last known state of `server`.
        func state(of server: String) -> String? {
            polls.withLock { $0.last?.states[server] }
        }
    }

    /// The periods in which HAProxy certainly had `server` down: from the answer of the first
    /// poll of a run of polls that saw it down, to the sending of the last poll of that run.
    static func downWindows(of server: String, in polls: [Poll]) -> [(from: ContinuousClock.Instant, until: ContinuousClock.Instant)] {
        var windows: [(from: ContinuousClock.Instant, until: ContinuousClock.Instant)] = []
        var run: (first: Poll, last: Poll)?
        for poll in polls + [Poll(sent: .now, received: .now, states: [:])] {
            if poll.states[server]?.hasPrefix("DOWN") == true {
                run = (run?.first ?? poll, poll)
            } else if let open = run {
                if open.last.sent > open.first.received { windows.append((open.first.received, open.last.sent)) }
                run = nil
            }
        }
        return windows
    }

    /// The state changes the polls saw, in order, as "server=state".
    static func transitions(in polls: [Poll]) -> [String] {
        var last: [String: String] = [:]
        var result: [String] = []
        for poll in polls {
            for (server, state) in poll.states.sorted(by: { $0.key < $1.key }) where last[server] != state {
                result.append("\(server)=\(state)")
                last[server] = state
            }
        }
        return result
    }
}
