import ArgumentParser
import Foundation
import OrderedJSON

/// `loadsim overhead`: what the proxy adds to a paced worker, or what observability adds to the
/// proxy, measured A/B interleaved in one run at a fixed concurrency.
struct OverheadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overhead",
        abstract: "Measure proxy overhead over a paced fake worker (or observability on vs off), A/B interleaved."
    )

    enum Comparison: String, ExpressibleByArgument, CaseIterable {
        /// The worker layer alone (no HTTP) vs the whole proxy with its default observability.
        case worker
        /// The proxy with logs at error and metrics off vs logs at info and metrics on.
        case observability
        /// A lone user message vs a four-message conversation (system, user, assistant, user),
        /// which costs one `thread/inject_items`.
        case conversation
        /// A client function call round made directly on the worker vs through the proxy (a
        /// request with `tools` whose model calls one; the stream ends with `tool_calls`).
        case functionCall = "function-call"
    }

    @Option(help: "What to compare: \(Comparison.allCases.map(\.rawValue).joined(separator: ", ")).")
    var compare: Comparison = .worker
    @Option(help: "Concurrent streams.") var concurrency = 32
    @Option(help: "Requests per mode per round.") var requests = 640
    @Option(help: "Measured rounds (each runs every mode once, order alternating).") var rounds = 5
    @Option(help: "Requests per mode before measuring.") var warmup = 128
    @Option(help: "The fake worker's delay before the first delta, ms.") var firstTokenMs = 20
    @Option(help: "The fake worker's delay between deltas, ms.") var deltaMs = 10
    @Option(help: "Deltas per reply.") var deltas = 8
    @Option(help: "The codex-proxy executable (default: next to loadsim).") var proxy: String?
    @Option(help: "The fake-codex executable (default: next to loadsim).") var fake: String?
    @Option(help: "Also write the report as JSON to this file.") var json: String?

    func run() async throws {
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let proxyPath = proxy ?? binaries.appendingPathComponent("codex-proxy").path
        let fakePath = fake ?? binaries.appendingPathComponent("fake-codex").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let behaviourPath = folder.appendingPathComponent("behaviour.json").path
        let behaviour: JSONValue = [
            "reply": .string(String(repeating: "word", count: deltas)), "chunkSize": 4,
            "firstTokenDelayMs": .integer(Int64(firstTokenMs)), "deltaDelayMs": .integer(Int64(deltaMs)),
        ]
        try Data(behaviour.jsonBytes).write(to: URL(fileURLWithPath: behaviourPath))
        let pacing = firstTokenMs + deltaMs * (deltas - 1)
        let worker = [
            "CODEX_BIN": fakePath, "CODEX_ARGS": "--behaviour '\(behaviourPath)'",
            "WORKER_MAX_CONCURRENCY": String(concurrency), "WORKER_QUEUE_MAX": "100000", "PROXY_API_KEY": "loadsim-key",
        ]
        let quiet = worker.merging(["LOG_LEVEL": "error", "PROXY_ENABLE_METRICS": "false"]) { $1 }
        let observed = worker.merging(["LOG_LEVEL": "info", "PROXY_ENABLE_METRICS": "true"]) { $1 }

        print("loadsim overhead: \(compare.rawValue), \(concurrency) concurrent streams, \(rounds) rounds x \(requests) requests per mode,")
        print("fake worker pacing \(firstTokenMs) ms + \(deltas - 1) x \(deltaMs) ms = \(pacing) ms per turn")
        let report = try await HTTP.withClient(connections: concurrency * 2) { http in
            try await measure(compare, http: http, proxyPath: proxyPath, fakePath: fakePath, behaviourPath: behaviourPath, quiet: quiet, observed: observed)
        }
        print(report.text(pacingMilliseconds: pacing))
        if let json {
            try Data(report.json.jsonBytes).write(to: URL(fileURLWithPath: json))
        }
    }

    private func measure(
        _ comparison: Comparison, http: HTTP, proxyPath: String, fakePath: String, behaviourPath: String, quiet: [String: String], observed: [String: String]
    ) async throws -> OverheadReport {
        switch comparison {
        case .worker:
            return try await WorkerRPCDriver.withWorker(executable: fakePath, arguments: ["--behaviour", behaviourPath]) { direct in
                try await ProxyChild.run(executable: proxyPath, environment: observed, http: http) { baseURL in
                    let through = ProxyStreamDriver(http: http, baseURL: baseURL, apiKey: "loadsim-key", model: "gpt-5.1-codex")
                    return await measure(
                        baseline: ("worker layer, no HTTP", { await direct.run(requests: $0, concurrency: $1) }),
                        candidate: ("proxy, SSE over HTTP", { await through.run(requests: $0, concurrency: $1) })
                    )
                }
            }
        case .conversation:
            return try await ProxyChild.run(executable: proxyPath, environment: observed, http: http) { baseURL in
                let lone = ProxyStreamDriver(http: http, baseURL: baseURL, apiKey: "loadsim-key", model: "gpt-5.1-codex")
                let longer = ProxyStreamDriver(
                    http: http, baseURL: baseURL, apiKey: "loadsim-key", model: "gpt-5.1-codex",
                    messages: [
                        ["role": "system", "content": "Be brief."], ["role": "user", "content": "first question"],
                        ["role": "assistant", "content": "first answer"], ["role": "user", "content": "benchmark"],
                    ]
                )
                return await measure(
                    baseline: ("one user message", { await lone.run(requests: $0, concurrency: $1) }),
                    candidate: ("system + user + assistant + user (one thread/inject_items)", { await longer.run(requests: $0, concurrency: $1) })
                )
            }
        case .functionCall:
            return try await WorkerRPCDriver.withWorker(executable: fakePath, arguments: ["--behaviour", behaviourPath]) { direct in
                try await ProxyChild.run(executable: proxyPath, environment: observed, http: http) { baseURL in
                    let through = ProxyStreamDriver(
                        http: http, baseURL: baseURL, apiKey: "loadsim-key", model: "gpt-5.1-codex", messages: [["role": "user", "content": "CALLFN:lookup"]],
                        extra: ["tools": [["type": "function", "function": ["name": "lookup"]]]]
                    )
                    return await measure(
                        baseline: ("function call round on the worker, no HTTP", { await direct.run(requests: $0, concurrency: $1, operation: .functionCallRound) }),
                        candidate: ("function call round through the proxy, SSE", { await through.run(requests: $0, concurrency: $1) })
                    )
                }
            }
        case .observability:
            return try await ProxyChild.run(executable: proxyPath, environment: quiet, http: http) { quietURL in
                try await ProxyChild.run(executable: proxyPath, environment: observed, http: http) { observedURL in
                    let off = ProxyStreamDriver(http: http, baseURL: quietURL, apiKey: "loadsim-key", model: "gpt-5.1-codex")
                    let on = ProxyStreamDriver(http: http, baseURL: observedURL, apiKey: "loadsim-key", model: "gpt-5.1-codex")
                    return await measure(
                        baseline: ("observability off (errors only, no metrics)", { await off.run(requests: $0, concurrency: $1) }),
                        candidate: ("observability on (info logs, metrics)", { await on.run(requests: $0, concurrency: $1) })
                    )
                }
            }
        }
    }

    typealias Mode = (name: String, run: @Sendable (Int, Int) async -> LatencyRecorder)

    private func measure(baseline: Mode, candidate: Mode) async -> OverheadReport {
        _ = await baseline.run(warmup, concurrency)
        _ = await candidate.run(warmup, concurrency)
        var report = OverheadReport(baseline: baseline.name, candidate: candidate.name)
        for round in 0..<rounds {
            let order = round.isMultiple(of: 2) ? [baseline, candidate] : [candidate, baseline]
            var results: [String: (LatencyRecorder, Duration)] = [:]
            for mode in order {
                let started = ContinuousClock.now
                let recorder = await mode.run(requests, concurrency)
                results[mode.name] = (recorder, ContinuousClock.now - started)
            }
            report.add(round: results[baseline.name]!, results[candidate.name]!)
        }
        return report
    }
}
