import Foundation
import OrderedJSON
import Yams

/// Reads scenario files (YAML, one scenario a file) into ``Scenario`` values, rejecting unknown
/// keys and bad values with the file, line and field at fault.
enum ScenarioLoader {
    static let topKeys = ["name", "description", "time_limit_s", "proxy", "worker", "steady_state", "load", "faults", "accounting", "expect", "break"]

    static func load(path: String) throws(ScenarioFileError) -> Scenario {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count <= 1 << 20 else { throw ScenarioFileError(file: path, line: nil, field: "", problem: "larger than 1 MiB") }
            text = String(decoding: data, as: UTF8.self)
        } catch let error as ScenarioFileError {
            throw error
        } catch {
            throw ScenarioFileError(file: path, line: nil, field: "", problem: "cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(ScenarioFileError) -> Scenario {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { throw ScenarioFileError(file: file, line: nil, field: "", problem: "empty file") }
            node = composed
        } catch let error as ScenarioFileError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ScenarioFileError(file: file, line: nil, field: "", problem: "not YAML: \(error)")
        }
        let root = try YAMLField(node: node, path: "", file: file).mapping(allowed: topKeys)
        let name = try root.required("name").string()
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try root.required("name").failure("1 to 64 letters, digits, - and _")
        }
        var scenario = Scenario(
            name: name, file: file, summary: try root["description"]?.string() ?? "",
            proxyEnvironment: [:], worker: .fake(behaviour: [:]),
            steadyState: SteadyState(before: [], after: [], beforeWithinMs: 15_000, afterWithinMs: 10_000),
            load: LoadSpec(concurrency: 4, ratePerSecond: nil, durationMs: 2000, maxRequests: 100, streamRatio: 0.5, prompts: ["hello"], timeoutMs: 15_000, errorPauseMs: 100, clients: []),
            faults: [], expectedUnaccounted: [], expectations: [],
            breaking: BreakSpec(proxyEnvironment: [:], behaviour: nil, load: [:], fails: nil, unbreakable: nil, standIn: nil),
            timeLimitSeconds: try root["time_limit_s"]?.integer(in: 1...600) ?? 60
        )
        if let proxy = root["proxy"] {
            scenario.proxyEnvironment = try proxy.mapping(allowed: ["env"])["env"]?.environment() ?? [:]
        }
        if let worker = root["worker"] { scenario.worker = try parseWorker(worker) }
        if let steady = root["steady_state"] { scenario.steadyState = try parseSteadyState(steady) }
        if let load = root["load"] { scenario.load = try LoadParser.parse(load) }
        if let faults = root["faults"] {
            scenario.faults = try faults.sequence().map { field throws(ScenarioFileError) in
                let entry = try field.mapping(allowed: ["at_ms", "action"])
                let action = try entry.required("action")
                guard let parsed = FaultSpec.Action(rawValue: try action.string()) else {
                    throw action.failure("one of \(FaultSpec.Action.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return FaultSpec(atMs: try entry.required("at_ms").integer(in: 0...600_000), action: parsed)
            }
        }
        if let accounting = root["accounting"] {
            let entry = try accounting.mapping(allowed: ["expect_unaccounted"])
            scenario.expectedUnaccounted = try entry["expect_unaccounted"]?.sequence().map { field throws(ScenarioFileError) in
                let reason = try field.string()
                guard UnaccountedReason(rawValue: reason) != nil else {
                    throw field.failure("one of \(UnaccountedReason.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return reason
            } ?? []
        }
        let expectations = try root.required("expect").sequence()
        scenario.expectations = try expectations.map { field throws(ScenarioFileError) in try ExpectationParser.parse(field, faults: scenario.faults.count) }
        var seen = Set<String>()
        for (index, expectation) in scenario.expectations.enumerated() where !seen.insert(expectation.name).inserted {
            throw expectations[index].failure("duplicate expectation name '\(expectation.name)'")
        }
        scenario.breaking = try parseBreak(try root.required("break"), expectations: scenario.expectations)
        return scenario
    }

    private static func parseWorker(_ field: YAMLField) throws(ScenarioFileError) -> WorkerSpec {
        let worker = try field.mapping(allowed: ["kind", "behaviour", "reply_bytes"])
        let kind = try worker["kind"]?.string() ?? "fake"
        switch kind {
        case "fake":
            var behaviour = try worker["behaviour"]?.json() ?? [:]
            guard case .object(var object) = behaviour else { throw try worker.required("behaviour").failure("expected a mapping") }
            if let bytes = try worker["reply_bytes"]?.integer(in: 1...(64 << 20)) {
                object["reply"] = .string(String(repeating: "abcdefghijklmno ", count: bytes / 16 + 1).prefix(bytes).description)
                behaviour = .object(object)
            }
            return .fake(behaviour: behaviour)
        case "real":
            guard worker["behaviour"] == nil, worker["reply_bytes"] == nil else {
                throw try worker.required("kind").failure("the real codex takes no behaviour document")
            }
            return .real
        default:
            throw try worker.required("kind").failure("'fake' or 'real'")
        }
    }

    private static func parseSteadyState(_ field: YAMLField) throws(ScenarioFileError) -> SteadyState {
        let steady = try field.mapping(allowed: ["before", "after", "before_within_ms", "after_within_ms"])
        func probes(_ key: String) throws(ScenarioFileError) -> [ProbeCheck] {
            try steady[key]?.sequence().map { item throws(ScenarioFileError) in
                let probe = try item.mapping(allowed: ["probe", "status"])
                let name = try probe.required("probe")
                guard let kind = ProbeCheck.Probe(rawValue: try name.string()) else { throw name.failure("one of readyz, livez, healthz") }
                return ProbeCheck(probe: kind, status: try probe.required("status").integer(in: 100...599))
            } ?? []
        }
        return SteadyState(
            before: try probes("before"), after: try probes("after"),
            beforeWithinMs: try steady["before_within_ms"]?.integer(in: 0...120_000) ?? 15_000,
            afterWithinMs: try steady["after_within_ms"]?.integer(in: 0...120_000) ?? 10_000
        )
    }

    private static func parseBreak(_ field: YAMLField, expectations: [Expectation]) throws(ScenarioFileError) -> BreakSpec {
        let entry = try field.mapping(allowed: ["proxy_env", "behaviour", "load", "fails", "unbreakable", "stand_in"])
        var spec = BreakSpec(proxyEnvironment: try entry["proxy_env"]?.environment() ?? [:], behaviour: try entry["behaviour"]?.json(), load: [:], fails: nil, unbreakable: nil, standIn: nil)
        if let load = entry["load"] {
            let allowed = ["concurrency", "max_requests", "duration_ms"]
            let mapping = try load.mapping(allowed: allowed)
            for key in allowed { if let value = mapping[key] { spec.load[key] = try value.integer(in: 1...100_000) } }
        }
        if let fails = entry["fails"] {
            let name = try fails.string()
            guard expectations.contains(where: { $0.name == name }) else {
                throw fails.failure("names no expectation of this file (\(expectations.map(\.name).joined(separator: ", ")))")
            }
            spec.fails = name
        }
        spec.unbreakable = try entry["unbreakable"]?.string()
        spec.standIn = try entry["stand_in"]?.string()
        if spec.unbreakable != nil {
            guard spec.standIn != nil else { throw field.failure("an unbreakable scenario names the evaluator test that stands in (stand_in)") }
        } else {
            guard spec.fails != nil else { throw field.failure("'fails' (the expectation the break must fail) or 'unbreakable' (why nothing can) is required") }
            guard !spec.proxyEnvironment.isEmpty || spec.behaviour != nil || !spec.load.isEmpty else {
                throw field.failure("a break changes something: proxy_env, behaviour or load")
            }
        }
        return spec
    }

    private static func syntaxError(_ error: YamlError, file: String) -> ScenarioFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioFileError(file: file, line: mark.line, field: "", problem: "YAML syntax: \(problem)")
        default:
            return ScenarioFileError(file: file, line: nil, field: "", problem: "YAML: \(error)")
        }
    }
}
