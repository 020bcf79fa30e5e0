/// Parses one entry of a scenario's `expect` list: a `name` and exactly one check.
enum ExpectationParser {
    static let checks = ["readiness", "liveness", "requests", "latency", "metric", "log", "worker_log", "proxy_exit"]

    static func parse(_ field: YAMLField, faults: Int) throws(ScenarioFileError) -> Expectation {
        let entry = try field.mapping(allowed: ["name"] + checks)
        let name = try entry.required("name").string()
        guard !name.isEmpty, name.count <= 120 else { throw try entry.required("name").failure("1 to 120 characters") }
        let present = checks.filter { entry[$0] != nil }
        guard present.count == 1, let kind = present.first, let body = entry[kind] else {
            throw field.failure("exactly one check of \(checks.joined(separator: ", ")) (found \(present.isEmpty ? "none" : present.joined(separator: ", ")))")
        }
        return Expectation(name: name, line: field.line, check: try check(kind, body, faults: faults))
    }

    private static func check(_ kind: String, _ field: YAMLField, faults: Int) throws(ScenarioFileError) -> Expectation.Check {
        switch kind {
        case "readiness":
            let entry = try field.mapping(allowed: ["never_drops", "after_fault", "drops_within_ms", "recovers_within_ms", "stays_down"])
            if let never = entry["never_drops"] {
                guard try never.bool(), entry.entries.count == 1 else { throw never.failure("never_drops: true stands alone") }
                return .readiness(.neverDrops)
            }
            let fault = try entry.required("after_fault")
            let index = try fault.integer(in: 0...1000)
            guard index < faults else { throw fault.failure("fault \(index) does not exist (the file has \(faults))") }
            let drop = try entry["drops_within_ms"]?.integer(in: 1...600_000)
            if try entry["stays_down"]?.bool() == true {
                guard let drop, entry["recovers_within_ms"] == nil else { throw field.failure("stays_down needs drops_within_ms and no recovers_within_ms") }
                return .readiness(.dropsForGood(afterFault: index, dropWithinMs: drop))
            }
            let recover = try entry["recovers_within_ms"]?.integer(in: 1...600_000)
            guard drop != nil || recover != nil else { throw field.failure("drops_within_ms, recovers_within_ms or both") }
            return .readiness(.dropsAndRecovers(afterFault: index, dropWithinMs: drop, recoverWithinMs: recover))
        case "liveness":
            let entry = try field.mapping(allowed: ["status", "within_ms"])
            return .liveness(status: try entry.required("status").integer(in: 100...599), withinMs: try entry["within_ms"]?.integer(in: 0...600_000) ?? 5000)
        case "requests":
            let entry = try field.mapping(allowed: ["outcome", "code", "status", "min", "max"])
            var check = RequestCountCheck(outcome: nil, code: try entry["code"]?.string(), status: try entry["status"]?.integer(in: 100...599), bounds: try bounds(entry))
            if let outcome = entry["outcome"] {
                guard let kind = OutcomeKind(rawValue: try outcome.string()) else {
                    throw outcome.failure("one of \(OutcomeKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                check.outcome = kind
            }
            return .requests(check)
        case "latency":
            let entry = try field.mapping(allowed: ["of", "percentile", "max_ms", "min_samples"])
            let of = try entry["of"]?.string() ?? "total"
            guard let measure = LatencyCheck.Measure(rawValue: of) else { throw try entry.required("of").failure("total or first_token") }
            return .latency(LatencyCheck(
                measure: measure, percentile: try entry.required("percentile").number(in: 1...100),
                maxMs: try entry.required("max_ms").number(in: 0.001...600_000), minSamples: try entry["min_samples"]?.integer(in: 1...1_000_000) ?? 20
            ))
        case "metric":
            let entry = try field.mapping(allowed: ["name", "min", "max"])
            let name = try entry.required("name").string()
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { throw try entry.required("name").failure("a Prometheus series name") }
            return .metric(name: name, bounds: try bounds(entry))
        case "log":
            let entry = try field.mapping(allowed: ["event", "fields", "min", "max"])
            return .log(event: try entry.required("event").string(), fields: try entry["fields"]?.environment() ?? [:], bounds: try bounds(entry))
        case "worker_log":
            let entry = try field.mapping(allowed: ["event", "method", "min", "max"])
            return .workerLog(event: try entry.required("event").string(), method: try entry["method"]?.string(), bounds: try bounds(entry))
        default:
            let entry = try field.mapping(allowed: ["code", "within_ms"])
            return .proxyExit(code: try entry["code"]?.integer(in: 0...255) ?? 0, withinMs: try entry.required("within_ms").integer(in: 1...600_000))
        }
    }

    private static func bounds(_ entry: YAMLMapping) throws(ScenarioFileError) -> CountBounds {
        let bounds = CountBounds(min: try entry["min"]?.number(in: -1e15...1e15), max: try entry["max"]?.number(in: -1e15...1e15))
        guard bounds.min != nil || bounds.max != nil else { throw entry.owner.failure("min, max or both") }
        return bounds
    }
}
