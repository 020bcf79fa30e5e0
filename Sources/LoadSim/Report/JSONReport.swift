import OrderedJSON

/// `report.json`: every expectation with verdict, expected and observed; per-request accounting
/// counts; latency percentiles from HDR histograms; the faults and the proofs.
enum JSONReport {
    static func render(results: [ScenarioResult], proofs: [Proof]) -> JSONValue {
        [
            "verdict": .string(Verdict.combine(results.map(\.verdict) + proofs.map(\.verdict)).rawValue),
            "scenarios": .array(results.map(scenario)),
            "proofs": .array(proofs.map { proof in
                ["scenario": .string(proof.scenario), "expectation": proof.expectation.map(JSONValue.string) ?? .null,
                 "verdict": .string(proof.verdict.rawValue), "observed": .string(proof.observed)]
            }),
        ]
    }

    static func scenario(_ result: ScenarioResult) -> JSONValue {
        var accounting = JSONObject()
        for kind in OutcomeKind.allCases { accounting[kind.rawValue] = .integer(Int64(result.count(kind))) }
        var codes = JSONObject()
        for (code, records) in Dictionary(grouping: result.requests.filter { $0.code != nil }, by: { $0.code ?? "" }).sorted(by: { $0.key < $1.key }) {
            codes[code] = .integer(Int64(records.count))
        }
        return [
            "name": .string(result.scenario), "file": .string(result.file), "broken": .bool(result.broken),
            "verdict": .string(result.verdict.rawValue), "duration_ms": .double(result.durationMs.rounded()),
            "note": result.note.map(JSONValue.string) ?? .null,
            "expectations": .array(result.verdicts.map { verdict in
                ["name": .string(verdict.name), "kind": .string(verdict.kind), "verdict": .string(verdict.verdict.rawValue),
                 "expected": .string(verdict.expected), "observed": .string(verdict.observed)]
            }),
            "requests": .integer(Int64(result.requests.count)), "accounting": .object(accounting), "error_codes": .object(codes),
            "latency_ms": percentiles(result),
            "faults": .array(result.faults.map { ["action": .string($0.action.rawValue), "at_ms": .double($0.atMs.rounded()), "note": .string($0.note)] }),
        ]
    }

    static func percentiles(_ result: ScenarioResult) -> JSONValue {
        let successes = result.requests.filter { $0.outcome == .success }
        func figures(_ samples: [Double]) -> JSONValue {
            guard !samples.isEmpty else { return ["count": 0] }
            var object: JSONObject = ["count": .integer(Int64(samples.count))]
            for percentile in [50.0, 90, 95, 99, 100] {
                object["p\(Int(percentile))"] = .double((Evaluator.percentile(samples, percentile) * 10).rounded() / 10)
            }
            return .object(object)
        }
        return [
            "total": figures(successes.map(\.totalMs)),
            "first_token": figures(successes.compactMap { record in record.firstTokenMs.map { $0 - record.startMs } }),
        ]
    }
}
