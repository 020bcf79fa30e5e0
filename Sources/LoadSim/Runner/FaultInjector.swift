import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Fires a scenario's faults at their times: signals to the worker (found through `/healthz`
/// or the fake worker's `pid` file) or the proxy, maintenance through the endpoint. Remembers
/// the workers it stopped so that they are continued when the run ends.
final class FaultInjector: Sendable {
    let faults: [FaultSpec]
    let control: ProxyControl
    let proxy: ProxyProcess
    let stateDirectory: String?
    let journal: RunJournal
    let clock: LoadClock
    private let stopped = Mutex<Set<Int32>>([])

    init(faults: [FaultSpec], control: ProxyControl, proxy: ProxyProcess, stateDirectory: String?, journal: RunJournal, clock: LoadClock) {
        self.faults = faults
        self.control = control
        self.proxy = proxy
        self.stateDirectory = stateDirectory
        self.journal = journal
        self.clock = clock
    }

    func run() async {
        for (index, fault) in faults.enumerated().sorted(by: { $0.element.atMs < $1.element.atMs }) {
            let wait = Double(fault.atMs) - clock.now()
            if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait.rounded(.up)))) }
            if Task.isCancelled { return }
            let firedAt = clock.now()
            let note = await fire(fault.action)
            journal.record(RunJournal.FiredFault(index: index, action: fault.action, atMs: firedAt, note: note))
        }
    }

    private func fire(_ action: FaultSpec.Action) async -> String {
        switch action {
        case .killWorker, .stopWorker:
            guard let pid = await workerPID() else { return "no worker pid found" }
            kill(pid, action == .killWorker ? SIGKILL : SIGSTOP)
            if action == .stopWorker { stopped.withLock { _ = $0.insert(pid) } }
            return "\(action == .killWorker ? "SIGKILL" : "SIGSTOP") to worker \(pid)"
        case .continueWorker:
            let pids = stopped.withLock { set in defer { set.removeAll() }; return set }
            for pid in pids { kill(pid, SIGCONT) }
            return pids.isEmpty ? "no stopped worker" : "SIGCONT to worker \(pids.map(String.init).joined(separator: ", "))"
        case .terminateProxy:
            journal.markProxyTerminated(atMs: clock.now())
            proxy.signal(SIGTERM)
            return "SIGTERM to codex-proxy \(proxy.snapshot.pid.map(String.init) ?? "?")"
        case .maintenanceOn, .maintenanceOff:
            let status = await control.setMaintenance(action == .maintenanceOn)
            return "POST /internal/maintenance \(action == .maintenanceOn) → \(status.map(String.init) ?? "no answer")"
        }
    }

    /// The current worker's pid: `/healthz` first, else the fake worker's `pid` file.
    private func workerPID() async -> Int32? {
        if let pid = await control.workerPID() { return pid }
        guard let stateDirectory, let text = try? String(contentsOfFile: stateDirectory + "/pid", encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Continues every worker this run stopped (so that nothing is left frozen).
    func continueStopped() {
        for pid in stopped.withLock({ $0 }) { kill(pid, SIGCONT) }
    }
}
