import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// The official OpenAI Python SDK against a rate-limited key: what real clients see.
@Suite("OpenAI Python SDK and rate limits", .timeLimit(.minutes(2)))
struct RateLimitSDKTests {
    static let script = BuiltProducts.repositoryRoot.appendingPathComponent("Tests/python/openai_ratelimit_check.py").path

    @Test("the SDK reads the x-ratelimit-* headers, raises RateLimitError with Retry-After, and its retry gets through")
    func sdkSeesRateLimit() async throws {
        let key = KeyFixture.Key(name: "sdk", limits: ["requests_per_minute": 6])
        let keys = try KeyFixture([key])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            let result = try await Subprocess.run(
                .name("python3"),
                arguments: Arguments([Self.script, "--base-url", proxy.baseURL + "/v1", "--api-key", key.secret, "--rpm", "6"]),
                output: .string(limit: 1 << 20),
                error: .string(limit: 1 << 20)
            )
            let output = result.standardOutput + result.standardError
            #expect(result.terminationStatus == .exited(0), "\(output)")
            #expect(output.contains("all checks passed"), "\(output)")
            let completed = proxy.logged("request_completed").filter { $0["key_name"] == "sdk" }
            #expect(completed.contains { $0["status"] == 429 }, "the SDK's retry followed a real 429")
        }
    }
}
