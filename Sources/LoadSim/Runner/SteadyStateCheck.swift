/// The steady-state hypothesis: each probe must answer its status within a bound (polled).
enum SteadyStateCheck {
    static func run(_ checks: [ProbeCheck], within: Int, control: ProxyControl, phase: String) async -> [ExpectationVerdict] {
        var verdicts: [ExpectationVerdict] = []
        let clock = LoadClock()
        for check in checks {
            let remaining = max(0, within - Int(clock.now()))
            let seen = await wait(for: check.probe, status: check.status, within: remaining, control: control, clock: clock)
            verdicts.append(ExpectationVerdict(
                name: "steady state \(phase): /\(check.probe.rawValue) \(check.status)", kind: "steady_state",
                verdict: seen.status == check.status ? .pass : .fail,
                expected: "\(check.status) within \(within) ms",
                observed: seen.status == check.status ? "\(check.status) after \(Int(seen.atMs)) ms" : "last answer \(seen.status.map(String.init) ?? "none") after \(within) ms"
            ))
        }
        return verdicts
    }

    /// Polls `probe` until it answers `status` or `within` ms pass; the last answer and when.
    static func wait(for probe: ProbeCheck.Probe, status: Int, within: Int, control: ProxyControl, clock: LoadClock) async -> (status: Int?, atMs: Double) {
        let deadline = clock.now() + Double(within)
        var last: Int?
        repeat {
            last = await control.probe(probe)
            if last == status { return (last, clock.now()) }
            try? await Task.sleep(for: .milliseconds(20))
        } while clock.now() < deadline
        return (last, clock.now())
    }
}

/// Polls `/readyz` and `/livez` every few milliseconds for the timeline of a run.
struct ProbePoller: Sendable {
    let control: ProxyControl
    let journal: RunJournal
    let clock: LoadClock

    func run() async {
        while !Task.isCancelled {
            for probe in [ProbeCheck.Probe.readyz, .livez] {
                let status = await control.probe(probe, timeoutMs: 500)
                journal.record(RunJournal.ProbeSample(atMs: clock.now(), probe: probe, status: status))
            }
            try? await Task.sleep(for: .milliseconds(15))
        }
    }
}
