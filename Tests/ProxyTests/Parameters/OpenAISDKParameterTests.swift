import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// The official OpenAI Python SDK against the proxy: `parse()` with a pydantic model,
/// `reasoning_effort`, `service_tier`, an image data URL and the typed 400s (issue 13 §2, §4).
@Suite("OpenAI Python SDK: parameters and images", .timeLimit(.minutes(2)))
struct OpenAISDKParameterTests {
    static let script = BuiltProducts.repositoryRoot.appendingPathComponent("Tests/python/openai_params_check.py").path

    @Test("parse() gets the schema's object back, the tier is echoed, an image is accepted, refusals are BadRequestError")
    func sdkParametersAndImages() async throws {
        try await ProxyHarness.run { proxy in
            let result = try await Subprocess.run(
                .name("python3"),
                arguments: Arguments([Self.script, "--base-url", proxy.baseURL + "/v1", "--api-key", ProxyHarness.apiKey]),
                output: .string(limit: 1 << 20),
                error: .string(limit: 1 << 20)
            )
            let output = result.standardOutput + result.standardError
            #expect(result.terminationStatus == .exited(0), "\(output)")
            #expect(output.contains("all checks passed"), "\(output)")
            let turnStart = try #require(try proxy.workerEvents().first { $0["method"] == "turn/start" }?["params"])
            #expect(turnStart["effort"] == "high")
            #expect(turnStart["outputSchema"]?["properties"]?["a"] != nil)
        }
    }
}
