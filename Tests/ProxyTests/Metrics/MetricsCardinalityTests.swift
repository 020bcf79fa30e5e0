import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedJSON
import TestSupport
import Testing

/// Random paths, model names, methods and headers must not create series: after the first
/// wave has shown every bounded label value, a second wave adds none.
@Suite("Metrics label hygiene", .timeLimit(.minutes(3)))
struct MetricsCardinalityTests {
    static let waveSize = 1_500

    func randomWave(_ proxy: ProxyHarness, seed: UInt64) async throws {
        var generator = SplitMix(seed: seed)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<Self.waveSize {
                let choice = Int(generator.next() % 6)
                let token = String(generator.next(), radix: 36)
                group.addTask {
                    switch choice {
                    case 0: _ = try await proxy.get("/random/\(token)/\(index)")
                    case 1: _ = try await proxy.chat(ProxyHarness.chatBody("hi", model: "model-\(token)"))
                    case 2: _ = try await proxy.get("/v1/models", headers: [("X-Random-\(token)", token), ("User-Agent", token)])
                    case 3: _ = try await proxy.send(.init(rawValue: "PURGE"), "/v1/\(token)")
                    case 4: _ = try await proxy.send(.DELETE, "/v1/chat/completions")
                    default: _ = try await proxy.get("/readyz?x=\(token)")
                    }
                }
                if index % 32 == 31 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
    }

    @Test("the number of series stays fixed under random requests")
    func seriesStayFixed() async throws {
        try await ProxyHarness.run(environment: ["PROXY_ENABLE_METRICS": "true"]) { proxy in
            try await randomWave(proxy, seed: 1)
            _ = try await proxy.scrape()
            let first = try await proxy.scrape()
            try await randomWave(proxy, seed: 2)
            let second = try await proxy.scrape()
            let firstSeries = Set(first.samples.map { "\($0.name)\($0.labels.sorted { $0.key < $1.key })" })
            let secondSeries = Set(second.samples.map { "\($0.name)\($0.labels.sorted { $0.key < $1.key })" })
            #expect(firstSeries == secondSeries, "new series: \(Array(secondSeries.symmetricDifference(firstSeries).prefix(5)))")
            #expect(secondSeries.count < 400, "series: \(secondSeries.count)")
            print("metrics series after \(2 * Self.waveSize) random requests: \(secondSeries.count)")
            let routes = Set(second.samples.compactMap { $0.labels["route"] })
            let models = Set(second.samples.compactMap { $0.labels["model"] })
            let methods = Set(second.samples.compactMap { $0.labels["method"] })
            #expect(routes.isSubset(of: ["unmatched", "/v1/models", "/v1/chat/completions", "/readyz", "/metrics"]), "\(routes)")
            #expect(models.isSubset(of: ["gpt-5.1-codex", "other", "none"]), "\(models)")
            #expect(methods.isSubset(of: ["GET", "POST", "DELETE", "other"]), "\(methods)")
            #expect(second.sum("codex_http_requests_total") >= Double(2 * Self.waveSize))
        }
    }
}
