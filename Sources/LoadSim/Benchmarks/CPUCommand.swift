import ArgumentParser
import Foundation
import OrderedJSON

/// `loadsim cpu`: the proxy's own CPU per request in front of `fake-codex` (which answers at
/// once), JSON and SSE at two concurrencies, trace buffer off and on, against a baseline build;
/// every system measured in the same interleaved rounds.
struct CPUCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cpu",
        abstract: "Proxy CPU per request with fake-codex (JSON/SSE, two concurrencies, trace off/on, baseline build), interleaved rounds."
    )

    @Option(help: "Requests per system, workload and round.") var requests = 10_000
    @Option(help: "Measured rounds; each runs every system on every workload, the order rotated.") var rounds = 3
    @Option(help: "Requests per system before the first round (warm-up).") var warmup = 1_000
    @Option(parsing: .upToNextOption, help: "Concurrencies (each × JSON and SSE).") var concurrency: [Int] = [8, 32]
    @Option(help: "The baseline codex-proxy build (its defaults; omitted: no baseline).") var baselineBin: String?
    @Option(help: "The candidate codex-proxy (default: next to loadsim).") var proxyBin: String?
    @Option(help: "The fake-codex executable (default: next to loadsim).") var workerBin: String?
    @Option(help: "Also write the figures as JSON to this file.") var json: String?

    func validate() throws {
        guard (1...1_000_000).contains(requests), (1...50).contains(rounds), (0...1_000_000).contains(warmup) else {
            throw ValidationError("--requests 1…1,000,000, --rounds 1…50, --warmup 0…1,000,000")
        }
        guard !concurrency.isEmpty, concurrency.allSatisfy({ (1...512).contains($0) }) else { throw ValidationError("--concurrency values must be 1…512") }
    }

    func run() async throws {
        let home = RunOptions.executableDirectory
        let proxy = proxyBin ?? home.appendingPathComponent("codex-proxy").path
        let worker = workerBin ?? home.appendingPathComponent("fake-codex").path
        for binary in [proxy, worker] + [baselineBin].compactMap({ $0 }) where !FileManager.default.isExecutableFile(atPath: binary) {
            throw UsageFailure.exit(UsageFailure("not an executable: \(binary)"))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-cpu-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let widest = concurrency.max() ?? 8
        let common = [
            "CODEX_BIN": worker, "PROXY_API_KEY": ScenarioRunner.apiKey, "WORKER_MAX_CONCURRENCY": String(widest), "WORKER_QUEUE_MAX": String(widest * 4),
        ]
        var systems: [ProxySystem] = []
        if let baselineBin { systems.append(ProxySystem(name: "baseline, defaults", executable: baselineBin, environment: common)) }
        systems.append(ProxySystem(name: "trace off (defaults)", executable: proxy, environment: common))
        systems.append(ProxySystem(name: "trace on", executable: proxy, environment: common.merging(["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": folder.appendingPathComponent("traces").path]) { $1 }))
        let names = systems.map(\.name)
        let workloads = concurrency.flatMap { level in [Workload(stream: false, concurrency: level), Workload(stream: true, concurrency: level)] }

        print("loadsim cpu: \(systems.map(\.name).joined(separator: " | ")); \(requests) requests per block, \(rounds) rounds, warm-up \(warmup); worker \(worker) (answers at once)")
        let tables = try await ProxySystem.withAll(systems) { [rounds, requests, warmup] running in
            for system in running { _ = await system.measure(Workload(stream: false, concurrency: widest), requests: warmup) }
            var tables = workloads.map { MeasuredRounds(title: $0.name, systems: names) }
            for round in 0..<rounds {
                for (index, workload) in workloads.enumerated() {
                    var figures: [String: BlockFigures] = [:]
                    for offset in 0..<running.count {
                        let system = running[(round + offset) % running.count]
                        figures[system.name] = await system.measure(workload, requests: requests)
                    }
                    tables[index].add(round: figures)
                    print("round \(round + 1), \(workload.name): " + running.map { system in
                        let value = figures[system.name]!
                        return "\(system.name) \(String(format: "%.0f req/s, %.3f ms CPU/req", value.requestsPerSecond, value.proxyMs ?? .nan))"
                    }.joined(separator: "; "))
                }
            }
            return tables
        }
        let ratios = Self.ratios(hasBaseline: baselineBin != nil)
        for table in tables { print(table.text(ratios: ratios)) }
        if let json {
            let document: JSONValue = ["measurement": "cpu", "requests": .integer(Int64(requests)), "workloads": .array(tables.map { $0.json(ratios: ratios) })]
            try Data(document.jsonBytes).write(to: URL(fileURLWithPath: json))
        }
    }

    /// The issue's targets: trace on ÷ off (CPU ≤ 1.3, req/s ≥ 0.8); defaults ÷ baseline (CPU ≤ 0.6).
    static func ratios(hasBaseline: Bool) -> [MeasuredRounds.Ratio] {
        var ratios = [
            MeasuredRounds.Ratio(label: "trace on ÷ off, proxy CPU/req", numerator: "trace on", denominator: "trace off (defaults)", figure: \.proxyMs),
            MeasuredRounds.Ratio(label: "trace on ÷ off, req/s", numerator: "trace on", denominator: "trace off (defaults)", figure: \.rate),
        ]
        if hasBaseline {
            ratios.append(MeasuredRounds.Ratio(label: "defaults ÷ baseline, proxy CPU/req", numerator: "trace off (defaults)", denominator: "baseline, defaults", figure: \.proxyMs))
            ratios.append(MeasuredRounds.Ratio(label: "defaults ÷ baseline, req/s", numerator: "trace off (defaults)", denominator: "baseline, defaults", figure: \.rate))
        }
        return ratios
    }
}

/// One kind of request: JSON or SSE, at a concurrency.
struct Workload: Sendable {
    var stream: Bool
    var concurrency: Int

    var name: String { "\(stream ? "SSE" : "JSON") c=\(concurrency)" }

    var body: [UInt8] {
        let body: JSONValue = ["model": .string(ScenarioRunner.model), "stream": .bool(stream), "messages": [["role": "user", "content": "benchmark"]]]
        return body.jsonBytes
    }
}
