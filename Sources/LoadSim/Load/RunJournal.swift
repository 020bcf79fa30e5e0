import Synchronization

/// What a running scenario has seen so far, shared by the load, the probes, the faults and the
/// progress line: requests, probe answers and fired faults, in milliseconds since the load began.
final class RunJournal: Sendable {
    struct ProbeSample: Sendable {
        var atMs: Double
        var probe: ProbeCheck.Probe
        /// nil when the probe got no answer (the proxy was not listening).
        var status: Int?
    }

    struct FiredFault: Sendable {
        var index: Int
        var action: FaultSpec.Action
        var atMs: Double
        var note: String
    }

    struct State: Sendable {
        var requests: [RequestRecord] = []
        var started = 0
        var probes: [ProbeSample] = []
        var faults: [FiredFault] = []
        /// When the scenario sent SIGTERM to the proxy (ms since the load began).
        var proxyTerminatedAtMs: Double?
        var loadBehind = false
    }

    private let state = Mutex(State())
    /// At most this many probe samples are kept (a long run polls thousands of times).
    private let probeLimit = 200_000

    func requestStarted() { state.withLock { $0.started += 1 } }
    func record(_ request: RequestRecord) { state.withLock { $0.requests.append(request) } }
    func record(_ sample: ProbeSample) { state.withLock { if $0.probes.count < probeLimit { $0.probes.append(sample) } } }
    func record(_ fault: FiredFault) { state.withLock { $0.faults.append(fault) } }
    func markProxyTerminated(atMs: Double) { state.withLock { $0.proxyTerminatedAtMs = atMs } }
    func markLoadBehind() { state.withLock { $0.loadBehind = true } }
    var proxyTerminated: Bool { state.withLock { $0.proxyTerminatedAtMs != nil } }
    var proxyTerminatedAtMs: Double? { state.withLock { $0.proxyTerminatedAtMs } }
    var snapshot: State { state.withLock { $0 } }

    /// Counts by outcome and the latest readiness, for the progress line.
    var progress: (started: Int, outcomes: [OutcomeKind: Int], ready: Int?) {
        state.withLock { state in
            var outcomes: [OutcomeKind: Int] = [:]
            for request in state.requests { outcomes[request.outcome, default: 0] += 1 }
            let ready = state.probes.last(where: { $0.probe == .readyz })?.status
            return (state.started, outcomes, ready)
        }
    }
}
