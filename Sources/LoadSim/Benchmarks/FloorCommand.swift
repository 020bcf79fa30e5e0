import ArgumentParser
import Foundation
import OrderedJSON

/// `loadsim floor`: the real codex driven directly over JSON-RPC (the floor: with the proxy's
/// exact thread parameters and with codex-gateway's) against the proxy in front of a fresh real
/// codex; interleaved rounds, every system fresh each round, all against the loopback mock
/// Responses API. Runs only inside a loopback-only network namespace.
struct FloorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor",
        abstract: "The real codex over JSON-RPC (the floor) vs the proxy in front of it: req/s, P50, CPU per request; interleaved rounds."
    )

    @Option(help: "Requests per system and round.") var requests = 200
    @Option(help: "Measured rounds (at least 5 for the issue's figures); the order rotates.") var rounds = 5
    @Option(help: "Requests before measuring, per system and round (a fresh codex warms up).") var warmup = 16
    @Option(help: "Concurrent turns.") var concurrency = 8
    @Option(help: "The candidate codex-proxy (default: next to loadsim).") var proxyBin: String?
    @Option(help: "Also measure this codex-proxy build in front of the real codex (e.g. today's main).") var baselineBin: String?
    @Option(help: "The real codex (default: $CODEX_REAL_BIN).") var realCodexBin: String?
    @Option(help: "The loopback mock of the Responses API.") var mockScript = "Tests/RealCodex/mock_responses_api.py"
    @Option(help: "Also write the figures as JSON to this file.") var json: String?

    func validate() throws {
        guard (1...100_000).contains(requests), (1...50).contains(rounds), (0...10_000).contains(warmup), (1...256).contains(concurrency) else {
            throw ValidationError("--requests 1…100,000, --rounds 1…50, --warmup 0…10,000, --concurrency 1…256")
        }
    }

    func run() async throws {
        let proxy = proxyBin ?? RunOptions.executableDirectory.appendingPathComponent("codex-proxy").path
        guard let codex = realCodexBin ?? ProcessInfo.processInfo.environment["CODEX_REAL_BIN"], FileManager.default.isExecutableFile(atPath: codex) else {
            throw UsageFailure.exit(UsageFailure("the real codex is needed: --real-codex-bin or CODEX_REAL_BIN"))
        }
        if let violation = WorkerSetup.isolationViolation() {
            throw UsageFailure.exit(UsageFailure("the real codex runs only inside a loopback-only network namespace: \(violation)"))
        }
        for binary in [proxy] + [baselineBin].compactMap({ $0 }) where !FileManager.default.isExecutableFile(atPath: binary) {
            throw UsageFailure.exit(UsageFailure("not an executable: \(binary)"))
        }
        guard FileManager.default.fileExists(atPath: mockScript) else { throw UsageFailure.exit(UsageFailure("no mock Responses API at \(mockScript)")) }

        var systems: [FloorSystem] = [.direct(.proxy), .direct(.gateway), .proxy(name: "proxy", executable: proxy)]
        if let baselineBin { systems.append(.proxy(name: "baseline proxy", executable: baselineBin)) }
        let workload = Workload(stream: false, concurrency: concurrency)
        print("loadsim floor: real codex \(codex), \(concurrency) concurrent turns, \(requests) requests per system and round (+\(warmup) warm-up), \(rounds) rounds")
        for case .direct(let params) in systems { print("  \(params.name): thread/start \(String(decoding: params.json(cwd: "<work>").jsonBytes, as: UTF8.self))") }

        let mock = MockResponses(script: mockScript)
        let table = try await withThrowingTaskGroup(of: MeasuredRounds?.self) { group in
            group.addTask {
                await mock.run()
                return nil
            }
            defer { mock.stop() }
            let port = try await mock.waitForPort(timeoutMs: 10_000)
            var table = MeasuredRounds(title: "JSON c=\(concurrency), real codex \(codex.split(separator: "/").last ?? "")", systems: systems.map(\.name))
            for round in 0..<rounds {
                var figures: [String: BlockFigures] = [:]
                for offset in 0..<systems.count {
                    let system = systems[(round + offset) % systems.count]
                    figures[system.name] = try await system.measure(
                        codex: codex, mockPort: port, workload: workload, requests: requests, warmup: warmup
                    )
                }
                table.add(round: figures)
                print("round \(round + 1): " + systems.map { system in
                    let value = figures[system.name]!
                    return "\(system.name) \(String(format: "%.1f req/s, codex %.1f ms/req", value.requestsPerSecond, value.workerMs ?? .nan))"
                        + (value.proxyMs.map { String(format: ", proxy %.2f ms/req", $0) } ?? "") + (value.failures > 0 ? ", \(value.failures) failed" : "")
                }.joined(separator: "; "))
            }
            mock.stop()
            try await group.waitForAll()
            return table
        }
        let ratios = Self.ratios(hasBaseline: baselineBin != nil)
        print(table.text(ratios: ratios))
        if let json {
            let document: JSONValue = ["measurement": "floor", "requests": .integer(Int64(requests)), "table": table.json(ratios: ratios)]
            try Data(document.jsonBytes).write(to: URL(fileURLWithPath: json))
        }
    }

    /// Target 1: proxy ÷ the floor with codex-gateway's parameters ≥ 0.95 in req/s at c=8.
    static func ratios(hasBaseline: Bool) -> [MeasuredRounds.Ratio] {
        var ratios = [
            MeasuredRounds.Ratio(label: "proxy ÷ floor (gateway's params), req/s", numerator: "proxy", denominator: FloorParams.gateway.name, figure: \.rate),
            MeasuredRounds.Ratio(label: "proxy ÷ floor (proxy's params), req/s", numerator: "proxy", denominator: FloorParams.proxy.name, figure: \.rate),
            MeasuredRounds.Ratio(label: "floor: gateway's ÷ proxy's params, req/s", numerator: FloorParams.gateway.name, denominator: FloorParams.proxy.name, figure: \.rate),
        ]
        if hasBaseline {
            ratios.append(MeasuredRounds.Ratio(label: "proxy ÷ baseline proxy, req/s", numerator: "proxy", denominator: "baseline proxy", figure: \.rate))
            ratios.append(MeasuredRounds.Ratio(label: "proxy ÷ baseline proxy, proxy CPU/req", numerator: "proxy", denominator: "baseline proxy", figure: \.proxyMs))
        }
        return ratios
    }
}
