import Foundation
import OrderedJSON
import Proxy
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The worker is its process: one that closes stdout and lives on is stopped and reaped; a
/// recycle successor that fails is never a crash of the worker that serves.
@Suite("Turn lifetime: worker processes", .timeLimit(.minutes(3)))
struct WorkerLifetimeTests {
    @Test("a worker that closes stdout and lives on is stopped and reaped; no orphan, no zombie; a new one serves")
    func closedStdoutWorkerIsReaped() async throws {
        let folder = try TemporaryDirectory("stdout-closed").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let behaviourPath = folder.appendingPathComponent("behaviour.json")
        let behaviour: JSONValue = ["launches": [["closeStdout": ["afterTurns": 1]]]]
        try Data(behaviour.jsonBytes).write(to: behaviourPath)
        let state = folder.appendingPathComponent("state").path
        let process = try await ProxyProcess.start(environment: [
            "CODEX_ARGS": "--state-dir '\(state)' --behaviour '\(behaviourPath.path)'", "WORKER_STOP_TIMEOUT_MS": "300",
            "WORKER_BACKOFF_INITIAL_MS": "50",
        ])
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()
        let firstWorker = try #require(ProcessTable.children(of: process.pid).first)
        #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:one")).status == 200)
        try await proxy.waitUntil("the first worker is gone and reaped", timeout: .seconds(30)) {
            !ProcessTable.exists(firstWorker)
        }
        try await proxy.waitUntil("a new worker is ready", timeout: .seconds(30)) { (try? await proxy.get("/readyz").status) == 200 }
        #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:two")).status == 200)
        let children = ProcessTable.children(of: process.pid)
        #expect(children.count == 1, "exactly one worker child: \(children)")
        #expect(!children.contains(firstWorker))
        #expect(process.logText.contains("worker_output_closed_alive"))
        let events = try String(contentsOfFile: state + "/events.jsonl", encoding: .utf8)
        #expect(events.contains(#""event":"stdoutClosed""#))
    }

    @Test("recycle successors that fail their handshake leave the serving worker up; no restart counted, no give-up")
    func failedRecycleSuccessorsAreNotCrashes() async throws {
        let failing: JSONValue = ["crash": ["onHandshake": true, "exitCode": 3]]
        let behaviour: JSONValue = ["launches": [[:], failing, failing, failing, failing]]
        let environment = [
            "WORKER_RECYCLE_AFTER_TURNS": "1", "WORKER_RECYCLE_CHECK_MS": "20", "WORKER_RESTART_MAX": "2", "WORKER_RESTART_WINDOW_MS": "600000",
            "PROXY_ENABLE_METRICS": "true",
        ]
        try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
            let servingPID = proxy.application.supervisor.snapshot.pid
            #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:due for recycling")).status == 200)
            try await proxy.waitUntil("more failed successors than WORKER_RESTART_MAX", timeout: .seconds(60)) {
                proxy.logged("worker_recycle_failed").count >= 3
            }
            let status = proxy.application.supervisor.snapshot
            #expect(status.isLive && !status.gaveUp, "the supervisor did not give up")
            #expect(status.restartCount == 0, "a failed successor is not a restart")
            #expect(status.pid == servingPID || status.recycleCount > 0)
            #expect(try await proxy.get("/livez").status == 200)
            #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:still served")).status == 200)
            #expect(proxy.logged("worker_restart_limit_exceeded").isEmpty)
            // The fifth launch succeeds: the recycle finally happens.
            try await proxy.waitUntil("the recycle succeeds", timeout: .seconds(60)) { proxy.application.supervisor.snapshot.recycleCount >= 1 }
            let metrics = String(decoding: try await proxy.get("/metrics").body, as: UTF8.self)
            #expect(metrics.contains("codex_worker_recycle_failures_total 4"), "\(metrics)")
        }
    }
}

/// Reads `/proc` for the test's process checks.
enum ProcessTable {
    /// Pids whose parent is `parent` (live or zombie).
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// Whether `pid` still has a process table entry (a zombie counts: it was not reaped).
    static func exists(_ pid: pid_t) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)/stat")
    }
}
