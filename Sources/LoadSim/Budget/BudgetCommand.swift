import ArgumentParser
import Foundation
import OrderedJSON

/// `loadsim budget`: the ±5 % P95 gate. A and B (observability off vs on, or two builds) run one
/// workload in randomized interleaved rounds; the per-round P95 ratio B/A gets a bootstrap 95 %
/// confidence interval. Exit 0 pass, 1 fail, 2 inconclusive, 64 usage.
struct BudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Compare A and B (observability off vs on, or --baseline-bin vs --candidate-bin) at P95 with a bootstrap confidence interval."
    )

    @Option(help: "Rounds (at least 10); A and B run once each per round, in random order.") var rounds = 20
    @Option(help: "Seconds of load per side per round.") var roundSeconds = 5.0
    @Option(help: "Concurrent streams (the proxy admits all of them).") var concurrency = 64
    @Option(help: "The budget: B may cost at most this fraction of A's P95.") var budget = 0.05
    @Flag(help: "Run A against itself to show the noise floor.") var aa = false
    @Option(help: "The baseline codex-proxy build (A).") var baselineBin: String?
    @Option(help: "The candidate codex-proxy build (B).") var candidateBin: String?
    @Option(help: "The codex-proxy executable for the observability comparison (default: next to loadsim).") var proxyBin: String?
    @Option(help: "The fake-codex executable (default: next to loadsim).") var workerBin: String?
    @Option(help: "Seed of the round order and the bootstrap (default: random, printed).") var seed: UInt64?
    @Option(help: "Write budget.json and budget.html to this directory.") var reportDir: String?

    func validate() throws {
        guard rounds >= 10 else { throw ValidationError("--rounds must be at least 10 (randomized multiple interleaved trials)") }
        guard roundSeconds > 0, roundSeconds <= 600 else { throw ValidationError("--round-seconds must be in (0, 600]") }
        guard (1...2000).contains(concurrency) else { throw ValidationError("--concurrency must be 1…2000") }
        guard budget > 0, budget < 1 else { throw ValidationError("--budget is a fraction, e.g. 0.05") }
        guard (baselineBin == nil) == (candidateBin == nil) else { throw ValidationError("--baseline-bin and --candidate-bin go together") }
    }

    func run() async throws {
        let home = RunOptions.executableDirectory
        let proxy = proxyBin ?? home.appendingPathComponent("codex-proxy").path
        let worker = workerBin ?? home.appendingPathComponent("fake-codex").path
        for binary in [proxy, worker] + [baselineBin, candidateBin].compactMap({ $0 }) where !FileManager.default.isExecutableFile(atPath: binary) {
            throw UsageFailure.exit(UsageFailure("not an executable: \(binary)"))
        }
        let seed = self.seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let sides = BudgetSides.make(aa: aa, proxy: proxy, baseline: baselineBin, candidate: candidateBin, concurrency: concurrency)
        print("loadsim budget: \(sides.a.name) (A) vs \(sides.b.name) (B), \(rounds) rounds × \(roundSeconds) s per side, \(concurrency) concurrent streams, budget +\(Int(budget * 100)) % at P95, seed \(seed)")
        let measurement = BudgetMeasurement(sides: sides, worker: worker, concurrency: concurrency, roundSeconds: roundSeconds)
        let rounds = try await measurement.run(rounds: rounds, seed: seed) { index, round in
            print("round \(index + 1) (\(round.order) first): " + String(format: "P95 total A %.1f ms, B %.1f ms, ratio %.3f", round.a.total.p95, round.b.total.p95, round.b.total.p95 / round.a.total.p95))
        }
        let report = BudgetReport(sides: sides, rounds: rounds, budget: budget, seed: seed, roundSeconds: roundSeconds, concurrency: concurrency)
        print(report.text)
        if let reportDir {
            try FileManager.default.createDirectory(atPath: reportDir, withIntermediateDirectories: true)
            try Data(report.json.jsonBytes).write(to: URL(fileURLWithPath: reportDir + "/budget.json"))
            try Data(report.html.utf8).write(to: URL(fileURLWithPath: reportDir + "/budget.html"))
            print("reports: \(reportDir)/budget.json, \(reportDir)/budget.html")
        }
        throw ExitCode(report.verdict.exitCode)
    }
}
