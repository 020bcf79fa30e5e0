/// Parses a scenario's `load` section.
enum LoadParser {
    static func parse(_ field: YAMLField) throws(ScenarioFileError) -> LoadSpec {
        let entry = try field.mapping(allowed: ["concurrency", "rate_per_s", "duration_ms", "max_requests", "stream_ratio", "prompt", "timeout_ms", "error_pause_ms", "clients"])
        var load = LoadSpec(
            concurrency: try entry["concurrency"]?.integer(in: 0...5000) ?? 4,
            ratePerSecond: try entry["rate_per_s"]?.number(in: 0.1...10_000),
            durationMs: try entry["duration_ms"]?.integer(in: 1...600_000) ?? 2000,
            maxRequests: try entry["max_requests"]?.integer(in: 0...100_000) ?? 100,
            streamRatio: try entry["stream_ratio"]?.number(in: 0...1) ?? 0.5,
            prompts: try prompts(entry["prompt"]),
            timeoutMs: try entry["timeout_ms"]?.integer(in: 100...600_000) ?? 15_000,
            errorPauseMs: try entry["error_pause_ms"]?.integer(in: 0...60_000) ?? 100,
            clients: []
        )
        load.clients = try entry["clients"]?.sequence().map { item throws(ScenarioFileError) in
            let client = try item.mapping(allowed: ["behaviour", "stream", "count", "at_ms", "after_ms", "hold_ms", "prompt"])
            let name = try client.required("behaviour")
            guard let behaviour = ClientSpec.Behaviour(rawValue: try name.string()) else {
                throw name.failure("one of \(ClientSpec.Behaviour.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return ClientSpec(
                behaviour: behaviour, stream: try client["stream"]?.bool() ?? true, count: try client["count"]?.integer(in: 1...1000) ?? 1,
                atMs: try client["at_ms"]?.integer(in: 0...600_000) ?? 0, afterMs: try client["after_ms"]?.integer(in: 0...600_000) ?? 100,
                holdMs: try client["hold_ms"]?.integer(in: 100...600_000) ?? 10_000, prompt: try client["prompt"]?.string()
            )
        } ?? []
        return load
    }

    /// `prompt`: one string, or a list used in turn.
    private static func prompts(_ field: YAMLField?) throws(ScenarioFileError) -> [String] {
        guard let field else { return ["hello"] }
        if let list = try? field.sequence() {
            guard !list.isEmpty else { throw field.failure("at least one prompt") }
            return try list.map { item throws(ScenarioFileError) in try item.string() }
        }
        return [try field.string()]
    }
}
