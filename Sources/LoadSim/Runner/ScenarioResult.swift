import OrderedJSON

/// Everything one run of a scenario produced: verdicts, the requests as the clients saw them,
/// the probe timeline and the faults fired.
struct ScenarioResult: Sendable {
    var scenario: String
    var file: String
    var summary: String
    /// True for the run under the scenario's `break` (`loadsim prove`).
    var broken: Bool
    var verdicts: [ExpectationVerdict]
    var durationMs: Double
    var loadEndMs: Double
    var requests: [RequestRecord]
    var probes: [RunJournal.ProbeSample]
    var faults: [RunJournal.FiredFault]
    /// Why the run could not be judged fully (a missing prerequisite, a proxy that did not start).
    var note: String?

    var verdict: Verdict { Verdict.combine(verdicts.map(\.verdict)) }

    func count(_ outcome: OutcomeKind) -> Int { requests.filter { $0.outcome == outcome }.count }
}
