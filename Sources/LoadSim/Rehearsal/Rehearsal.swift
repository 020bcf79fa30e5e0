import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The narrated rehearsal of one scenario against a running proxy.
struct Rehearsal: Sendable {
    let scenario: Scenario
    let baseURL: String
    let host: String
    let port: Int
    let apiKey: String
    let model: String
    let maintenanceToken: String?
    let pacer: Pacer

    private var isLocal: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }

    func say(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    /// Rehearses and returns the combined verdict.
    func run() async throws -> Verdict { Verdict.combine(try await rehearse().map(\.verdict)) }

    /// Rehearses and returns every expectation's verdict as seen from the client's side.
    func rehearse() async throws -> [ExpectationVerdict] {
        try await HTTP.withClient(connections: max(16, scenario.load.concurrency * 2 + 8)) { http in
            let control = ProxyControl(http: http, baseURL: baseURL, maintenanceToken: maintenanceToken)
            say("Rehearsal: \(scenario.name) against \(baseURL)\n\(scenario.summary)\n")
            say("Step 1 — steady state before. About to check: \(scenario.steadyState.before.map { "/\($0.probe.rawValue) \($0.status)" }.joined(separator: ", ").ifEmpty("nothing"))")
            let before = await SteadyStateCheck.run(scenario.steadyState.before, within: scenario.steadyState.beforeWithinMs, control: control, phase: "before")
            report(before)
            await pacer.pause()

            let metricsBefore = await control.metrics()
            let clock = LoadClock()
            let journal = RunJournal()
            var load = scenario.load
            if !isLocal, !load.clients.isEmpty {
                say("   skipped: the misbehaving clients (RST, FIN, non-reading) run only against a proxy on this machine")
                load.clients = []
            }
            let client = ChatClient(http: http, baseURL: baseURL, apiKey: apiKey, model: model)
            let generator = LoadGenerator(load: load, client: client, port: port, journal: journal, clock: clock, proxyGone: { false })
            let poller = ProbePoller(control: control, journal: journal, clock: clock)
            say("Step 2 — load: \(load.concurrency) clients\(load.ratePerSecond.map { " at \($0)/s" } ?? ""), \(load.durationMs) ms, at most \(load.maxRequests) requests, \(Int(load.streamRatio * 100)) % streaming.")
            say("   Watch: request rate and status mix (codex_http_requests_total by status_family), codex_streams_active, P95 of codex_http_latency_ms.")
            var loadEnd = 0.0
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await poller.run() }
                await withTaskGroup(of: Void.self) { work in
                    work.addTask { await generator.run() }
                    work.addTask { await faults(control: control, journal: journal, clock: clock) }
                }
                loadEnd = clock.now()
                group.cancelAll()
            }
            let progress = journal.progress
            say("   Load done after \(Int(loadEnd)) ms: \(progress.outcomes.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", "))")
            await pacer.pause()

            say("Step \(scenario.faults.count + 3) — steady state after: \(scenario.steadyState.after.map { "/\($0.probe.rawValue) \($0.status)" }.joined(separator: ", ").ifEmpty("nothing"))")
            let after = await SteadyStateCheck.run(scenario.steadyState.after, within: scenario.steadyState.afterWithinMs, control: control, phase: "after")
            report(after)
            let observation = Observation(
                journal: journal.snapshot, loadEndMs: loadEnd, steadyState: before + after, liveness: [:], metricsBefore: metricsBefore, metricsAfter: await control.metrics(),
                logs: [], workerEvents: nil, proxyExit: nil
            )
            let verdicts = Evaluator(scenario: scenario, observation: observation).verdicts().map(remoteView)
            say("\nExpectations:")
            report(verdicts)
            let verdict = Verdict.combine(verdicts.map(\.verdict))
            say("\nRehearsal \(SummaryTable.mark(verdict))")
            return verdicts
        }
    }

    /// Fires the faults at their times, narrating each; those it cannot inject are named and skipped.
    private func faults(control: ProxyControl, journal: RunJournal, clock: LoadClock) async {
        for (index, fault) in scenario.faults.enumerated() {
            let wait = Double(fault.atMs) - clock.now()
            if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait))) }
            say("Step \(index + 3) — at \(fault.atMs) ms: \(fault.action.rawValue). \(Self.watch(fault.action))")
            var note: String
            var injected = false
            switch fault.action {
            case .maintenanceOn, .maintenanceOff:
                if maintenanceToken == nil {
                    note = "skipped: no --maintenance-token"
                } else {
                    note = "POST /internal/maintenance → \(await control.setMaintenance(fault.action == .maintenanceOn).map(String.init) ?? "no answer")"
                    injected = true
                }
            case .killWorker, .stopWorker, .continueWorker:
                if !isLocal {
                    note = "skipped: cannot signal the worker of a proxy on another host"
                } else if let pid = await control.workerPID(), kill(pid, 0) == 0 {
                    kill(pid, fault.action == .killWorker ? SIGKILL : fault.action == .stopWorker ? SIGSTOP : SIGCONT)
                    note = "signal sent to worker \(pid)"
                    injected = true
                } else {
                    note = "skipped: the worker's pid is not in /healthz or not a process this user may signal"
                }
            case .terminateProxy:
                note = "skipped: rehearsal never terminates the proxy it was pointed at (run the scenario with loadsim run)"
            }
            // Only injected faults are recorded: expectations about a skipped one stay inconclusive.
            if injected { journal.record(RunJournal.FiredFault(index: index, action: fault.action, atMs: clock.now(), note: note)) }
            say("   \(note)")
            let ready = await control.probe(.readyz)
            say("   Observed right after: /readyz \(ready.map(String.init) ?? "no answer")")
        }
    }

    static func watch(_ action: FaultSpec.Action) -> String {
        switch action {
        case .killWorker: "Watch: /readyz goes 503 then 200, codex_worker_restarts_total +1, log events worker_exited and worker_ready."
        case .stopWorker: "Watch: requests time out (504 worker_timeout), then worker_hung in the log and a restart."
        case .continueWorker: "Watch: a frozen worker that was not replaced yet resumes."
        case .terminateProxy: "Watch: /readyz 503, drain_started and drain_finished in the log, exit 0 within grace + 3 s."
        case .maintenanceOn: "Watch: /v1 answers 503 maintenance with Retry-After, codex_maintenance_mode, log maintenance_toggled."
        case .maintenanceOff: "Watch: /v1 serves again, codex_maintenance_mode back to off."
        }
    }

    /// Log and worker-log expectations cannot be read remotely: they become instructions.
    private func remoteView(_ verdict: ExpectationVerdict) -> ExpectationVerdict {
        guard verdict.kind == "log" || verdict.kind == "worker_log" || verdict.kind == "liveness" else { return verdict }
        var changed = verdict
        changed.verdict = .inconclusive
        changed.observed = "not readable from here: check \(verdict.expected) in the proxy's logs"
        return changed
    }

    private func report(_ verdicts: [ExpectationVerdict]) {
        for verdict in verdicts {
            say("   \(SummaryTable.mark(verdict.verdict).lowercased()): \(verdict.name) — expected \(verdict.expected); observed \(verdict.observed)")
        }
    }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
