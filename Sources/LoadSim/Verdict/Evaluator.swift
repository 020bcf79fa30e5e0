import Foundation
import Histogram
import OrderedJSON

/// Judges a scenario's expectations against what one run observed. Pure: a recorded
/// ``Observation`` always gets the same verdicts (the unit tests rely on it).
struct Evaluator {
    let scenario: Scenario
    let observation: Observation

    func verdicts() -> [ExpectationVerdict] {
        observation.steadyState + [accounting()] + scenario.expectations.map(judge)
    }

    static func kind(_ check: Expectation.Check) -> String {
        switch check {
        case .readiness: "readiness"
        case .liveness: "liveness"
        case .requests: "requests"
        case .latency: "latency"
        case .metric: "metric"
        case .log: "log"
        case .workerLog: "worker_log"
        case .proxyExit: "proxy_exit"
        }
    }

    /// Always on: every request ends as a success, a clean error, a disconnect the scenario
    /// caused, a cut of a non-reading client, or a refusal after the proxy was terminated.
    func accounting() -> ExpectationVerdict {
        let requests = observation.journal.requests
        let expected = Set(scenario.expectedUnaccounted)
        let unaccounted = requests.filter { $0.outcome == .unaccounted }
        let reason = { (record: RequestRecord) in String((record.detail ?? "unknown").prefix { $0 != ":" }) }
        let surprising = unaccounted.filter { !expected.contains(reason($0)) }
        let missing = expected.filter { wanted in !unaccounted.contains { reason($0) == wanted } }
        var counts = OutcomeKind.allCases.compactMap { kind -> String? in
            let count = requests.filter { $0.outcome == kind }.count
            return count > 0 ? "\(kind.rawValue) \(count)" : nil
        }.joined(separator: ", ")
        if counts.isEmpty { counts = "no requests" }
        let reasons = Dictionary(grouping: unaccounted, by: reason).map { "\($0.key) ×\($0.value.count)" }.sorted().joined(separator: ", ")
        let pass = surprising.isEmpty && missing.isEmpty
        let expectation = expected.isEmpty ? "every request accounted for" : "unaccounted only as \(expected.sorted().joined(separator: ", ")), each seen"
        var observed = "\(requests.count) requests: \(counts)"
        if !reasons.isEmpty { observed += "; unaccounted: \(reasons)" }
        if let example = surprising.first { observed += "; e.g. \(example.client) at \(Int(example.startMs)) ms: \(example.detail ?? "")" }
        return ExpectationVerdict(name: "every request accounted for", kind: "accounting", verdict: pass ? .pass : .fail, expected: expectation, observed: observed)
    }

    func judge(_ expectation: Expectation) -> ExpectationVerdict {
        var verdict = ExpectationVerdict(name: expectation.name, kind: Self.kind(expectation.check), verdict: .inconclusive, expected: "", observed: "")
        switch expectation.check {
        case .readiness(let check):
            (verdict.verdict, verdict.expected, verdict.observed) = ReadinessJudge(observation: observation).judge(check)
        case .liveness(let status, let within):
            verdict.expected = "/livez \(status) within \(within) ms after the load"
            if let seen = observation.liveness[status] {
                verdict.verdict = seen.status == status ? .pass : .fail
                verdict.observed = "/livez \(seen.status.map(String.init) ?? "no answer")"
            } else {
                verdict.observed = "not checked: the proxy was terminated"
            }
        case .requests(let check):
            let matching = observation.journal.requests.filter { record in
                (check.outcome.map { record.outcome == $0 } ?? true) && (check.code.map { record.code == $0 } ?? true)
                    && (check.status.map { record.status == $0 } ?? true)
            }
            var what = [check.outcome?.rawValue, check.code.map { "code \($0)" }, check.status.map { "status \($0)" }].compactMap { $0 }.joined(separator: ", ")
            if what.isEmpty { what = "all" }
            verdict.expected = "requests (\(what)) \(check.bounds.text)"
            verdict.observed = "\(matching.count) of \(observation.journal.requests.count)"
            verdict.verdict = check.bounds.contains(Double(matching.count)) ? .pass : .fail
        case .latency(let check):
            (verdict.verdict, verdict.expected, verdict.observed) = latency(check)
        case .metric(let name, let bounds):
            verdict.expected = "Δ \(name) \(bounds.text)"
            guard let before = observation.metricsBefore, let after = observation.metricsAfter else {
                verdict.observed = "metrics not scraped (off, or the proxy was gone)"
                break
            }
            guard before[name] != nil || after[name] != nil else {
                verdict.observed = "series not exposed"
                break
            }
            let delta = (after[name] ?? 0) - (before[name] ?? 0)
            verdict.observed = "Δ \(CountBounds.format(delta))"
            verdict.verdict = bounds.contains(delta) ? .pass : .fail
        case .log(let event, let fields, let bounds):
            let count = observation.logs.filter { line in
                line["event"]?.stringValue == event && fields.allSatisfy { Self.text(line[$0.key]) == $0.value }
            }.count
            verdict.expected = "log event \(event)\(fields.isEmpty ? "" : " \(fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))") \(bounds.text)"
            verdict.observed = "\(count) lines"
            verdict.verdict = bounds.contains(Double(count)) ? .pass : .fail
        case .workerLog(let event, let method, let bounds):
            verdict.expected = "worker event \(event)\(method.map { " \($0)" } ?? "") \(bounds.text)"
            guard let events = observation.workerEvents else {
                verdict.observed = "no worker event log (not fake-codex)"
                break
            }
            let count = events.filter { $0["event"]?.stringValue == event && (method == nil || $0["method"]?.stringValue == method) }.count
            verdict.observed = "\(count) events"
            verdict.verdict = bounds.contains(Double(count)) ? .pass : .fail
        case .proxyExit(let code, let within):
            verdict.expected = "exit \(code) within \(within) ms of SIGTERM"
            guard let fault = observation.journal.faults.first(where: { $0.action == .terminateProxy }) else {
                verdict.observed = "no terminate_proxy fault fired"
                break
            }
            guard let exit = observation.proxyExit else {
                verdict.verdict = .fail
                verdict.observed = "still running"
                break
            }
            let after = exit.atMs - fault.atMs
            verdict.observed = "\(exit.code.map { "exit \($0)" } ?? "signal \(exit.signal ?? 0)") after \(Int(after)) ms"
            verdict.verdict = exit.code == code && after <= Double(within) ? .pass : .fail
        }
        return verdict
    }

    private func latency(_ check: LatencyCheck) -> (Verdict, String, String) {
        let successes = observation.journal.requests.filter { $0.outcome == .success }
        let samples = successes.compactMap { record in check.measure == .total ? record.totalMs : record.firstTokenMs.map { $0 - record.startMs } }
        let expected = "P\(CountBounds.format(check.percentile)) \(check.measure.rawValue) ≤ \(CountBounds.format(check.maxMs)) ms (≥ \(check.minSamples) samples)"
        guard samples.count >= check.minSamples else { return (.inconclusive, expected, "only \(samples.count) samples") }
        guard !observation.journal.loadBehind else { return (.inconclusive, expected, "the load generator fell behind its rate") }
        let value = Self.percentile(samples, check.percentile)
        return (value <= check.maxMs ? .pass : .fail, expected, "\(String(format: "%.1f", value)) ms over \(samples.count) samples")
    }

    /// The percentile of millisecond samples, through an HDR histogram (microsecond resolution).
    static func percentile(_ samples: [Double], _ percentile: Double) -> Double {
        var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        for sample in samples { _ = histogram.record(UInt64(max(0, min(600_000_000, (sample * 1000).rounded())))) }
        return Double(histogram.valueAtPercentile(percentile)) / 1000
    }

    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        case .double(let number)?: String(number)
        default: nil
        }
    }
}
