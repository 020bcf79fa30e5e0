import Foundation
import OrderedJSON

/// Runs the budget workload: both proxies up (each with its own paced fake worker), then per
/// round A and B in random order, each driven by `concurrency` streaming clients for a while.
struct BudgetMeasurement: Sendable {
    struct Figures: Sendable {
        var p50: Double
        var p95: Double
        var p99: Double
        var count: Int

        init(_ samples: [Double]) {
            count = samples.count
            p50 = samples.isEmpty ? .nan : Evaluator.percentile(samples, 50)
            p95 = samples.isEmpty ? .nan : Evaluator.percentile(samples, 95)
            p99 = samples.isEmpty ? .nan : Evaluator.percentile(samples, 99)
        }
    }

    struct SideRound: Sendable {
        var total: Figures
        var firstToken: Figures
        var failures: Int
    }

    struct Round: Sendable {
        var order: String
        var a: SideRound
        var b: SideRound
    }

    let sides: BudgetSides
    let worker: String
    let concurrency: Int
    let roundSeconds: Double

    /// The fake worker's pacing: 50 ms to the first token, then 9 deltas 15 ms apart.
    static let behaviour: JSONValue = ["reply": "budget workload reply text, paced like a model", "chunkSize": 5, "firstTokenDelayMs": 50, "deltaDelayMs": 15]

    func run(rounds: Int, seed: UInt64, onRound: @escaping @Sendable (Int, Round) -> Void) async throws -> [Round] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-budget-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let behaviourPath = folder.appendingPathComponent("behaviour.json").path
        try Data(Self.behaviour.jsonBytes).write(to: URL(fileURLWithPath: behaviourPath))
        let common = [
            "CODEX_BIN": worker, "FAKE_CODEX_BEHAVIOUR": behaviourPath, "PROXY_API_KEY": ScenarioRunner.apiKey,
            "WORKER_MAX_CONCURRENCY": String(concurrency), "WORKER_QUEUE_MAX": String(concurrency * 4), "WORKER_RECYCLE_AFTER_TURNS": "0",
        ]
        var random = SeededRandom(seed: seed)
        let aFirst = (0..<rounds).map { _ in random.next() % 2 == 0 }
        return try await HTTP.withClient(connections: concurrency * 2 + 8) { http in
            try await ProxyChild.run(executable: sides.a.executable, environment: common.merging(sides.a.environment) { $1 }, http: http) { aURL in
                try await ProxyChild.run(executable: sides.b.executable, environment: common.merging(sides.b.environment) { $1 }, http: http) { bURL in
                    let a = ChatClient(http: http, baseURL: aURL, apiKey: ScenarioRunner.apiKey, model: ScenarioRunner.model)
                    let b = ChatClient(http: http, baseURL: bURL, apiKey: ScenarioRunner.apiKey, model: ScenarioRunner.model)
                    let warmup = min(roundSeconds, 1)
                    _ = await drive(a, seconds: warmup)
                    _ = await drive(b, seconds: warmup)
                    var results: [Round] = []
                    for index in 0..<rounds {
                        let aFirst = aFirst[index]
                        let first = await drive(aFirst ? a : b, seconds: roundSeconds)
                        let second = await drive(aFirst ? b : a, seconds: roundSeconds)
                        let round = Round(order: aFirst ? "A" : "B", a: aFirst ? first : second, b: aFirst ? second : first)
                        onRound(index, round)
                        results.append(round)
                    }
                    return results
                }
            }
        }
    }

    /// `concurrency` clients streaming back to back for `seconds`; client-side latencies.
    private func drive(_ client: ChatClient, seconds: Double) async -> SideRound {
        let clock = LoadClock()
        let end = seconds * 1000
        let records = await withTaskGroup(of: [RequestRecord].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [RequestRecord] = []
                    while clock.now() < end {
                        mine.append(await client.send(prompt: "budget", stream: true, timeoutMs: 60_000, clock: clock, proxyTerminatedAt: { nil }))
                    }
                    return mine
                }
            }
            var all: [RequestRecord] = []
            for await part in group { all += part }
            return all
        }
        let successes = records.filter { $0.outcome == .success }
        return SideRound(
            total: Figures(successes.map(\.totalMs)),
            firstToken: Figures(successes.compactMap { record in record.firstTokenMs.map { $0 - record.startMs } }),
            failures: records.count - successes.count
        )
    }
}
