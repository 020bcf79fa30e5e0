import OrderedJSON

/// Per-round and overall figures of an A/B overhead measurement.
struct OverheadReport {
    struct Round {
        var baseline: Figures
        var candidate: Figures
    }

    struct Figures {
        var requestsPerSecond: Double
        var p50: Double
        var p95: Double
        var p99: Double
        var failures: Int

        init(_ recorder: LatencyRecorder, elapsed: Duration) {
            requestsPerSecond = Double(recorder.count) / elapsed.seconds
            p50 = recorder.milliseconds(at: 50)
            p95 = recorder.milliseconds(at: 95)
            p99 = recorder.milliseconds(at: 99)
            failures = recorder.failures
        }
    }

    let baseline: String
    let candidate: String
    private(set) var rounds: [Round] = []
    private var baselineAll = LatencyRecorder()
    private var candidateAll = LatencyRecorder()

    init(baseline: String, candidate: String) {
        self.baseline = baseline
        self.candidate = candidate
    }

    mutating func add(round baselineResult: (LatencyRecorder, Duration), _ candidateResult: (LatencyRecorder, Duration)) {
        rounds.append(Round(baseline: Figures(baselineResult.0, elapsed: baselineResult.1), candidate: Figures(candidateResult.0, elapsed: candidateResult.1)))
        baselineAll.merge(baselineResult.0)
        candidateAll.merge(candidateResult.0)
    }

    func text(pacingMilliseconds: Int) -> String {
        var lines: [String] = []
        func describe(_ name: String, _ pick: (Round) -> Figures, _ all: LatencyRecorder) {
            lines.append("\(name):")
            lines.append("  requests/s  \(Spread(rounds.map { pick($0).requestsPerSecond }))")
            lines.append("  P50 ms      \(Spread(rounds.map { pick($0).p50 }))   all rounds: \(Spread.format(all.milliseconds(at: 50)))")
            lines.append("  P95 ms      \(Spread(rounds.map { pick($0).p95 }))   all rounds: \(Spread.format(all.milliseconds(at: 95)))")
            lines.append("  P99 ms      \(Spread(rounds.map { pick($0).p99 }))   all rounds: \(Spread.format(all.milliseconds(at: 99)))")
            lines.append("  failures    \(all.failures) of \(all.count + all.failures)")
        }
        describe(baseline, \.baseline, baselineAll)
        describe(candidate, \.candidate, candidateAll)
        lines.append("added by \"\(candidate)\", per round (median, min, max):")
        lines.append("  P50 +ms     \(Spread(rounds.map { $0.candidate.p50 - $0.baseline.p50 }))")
        lines.append("  P95 +ms     \(Spread(rounds.map { $0.candidate.p95 - $0.baseline.p95 }))")
        lines.append("  P99 +ms     \(Spread(rounds.map { $0.candidate.p99 - $0.baseline.p99 }))")
        lines.append("  P50 ratio   \(Spread(rounds.map { $0.candidate.p50 / $0.baseline.p50 }))")
        lines.append("  P95 ratio   \(Spread(rounds.map { $0.candidate.p95 / $0.baseline.p95 }))")
        lines.append("  P99 ratio   \(Spread(rounds.map { $0.candidate.p99 / $0.baseline.p99 }))")
        lines.append("  req/s ratio \(Spread(rounds.map { $0.candidate.requestsPerSecond / $0.baseline.requestsPerSecond }))")
        lines.append("(the worker's own pacing is \(pacingMilliseconds) ms per turn)")
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        func figures(_ figures: Figures) -> JSONValue {
            [
                "requests_per_second": .double(figures.requestsPerSecond), "p50_ms": .double(figures.p50), "p95_ms": .double(figures.p95),
                "p99_ms": .double(figures.p99), "failures": .integer(Int64(figures.failures))]
        }
        return [
            "baseline": .string(baseline),
            "candidate": .string(candidate),
            "rounds": .array(rounds.map { ["baseline": figures($0.baseline), "candidate": figures($0.candidate)] }),
        ]
    }
}
