import OrderedJSON

@testable import LoadSim

/// Recorded runs for the evaluator tests: small, hand-checked observations.
enum Recorded {
    static func request(_ outcome: OutcomeKind, at startMs: Double = 0, totalMs: Double = 50, code: String? = nil, detail: String? = nil) -> RequestRecord {
        RequestRecord(client: "json", startMs: startMs, endMs: startMs + totalMs, firstByteMs: nil, firstTokenMs: nil, status: outcome == .success ? 200 : 503,
                      outcome: outcome, code: code, retryable: nil, detail: detail)
    }

    static func observation(
        requests: [RequestRecord] = [], readyz: [(Double, Int?)] = [], faults: [(Double, FaultSpec.Action)] = [], loadEndMs: Double = 3000,
        logs: [JSONValue] = [], workerEvents: [JSONValue]? = []
    ) -> Observation {
        var journal = RunJournal.State()
        journal.requests = requests
        journal.probes = readyz.map { RunJournal.ProbeSample(atMs: $0.0, probe: .readyz, status: $0.1) }
        journal.faults = faults.enumerated().map { RunJournal.FiredFault(index: $0.offset, action: $0.element.1, atMs: $0.element.0, note: "") }
        return Observation(
            journal: journal, loadEndMs: loadEndMs, steadyState: [], liveness: [:], metricsBefore: [:], metricsAfter: [:],
            logs: logs, workerEvents: workerEvents, proxyExit: nil
        )
    }

    static func scenario(_ yaml: String) throws -> Scenario {
        try ScenarioLoader.parse(yaml, file: "recorded.yaml")
    }
}
