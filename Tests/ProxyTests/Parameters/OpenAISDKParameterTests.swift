import Foundation
import TestSupport
import Testing

/// The official OpenAI Python SDK against the proxy: `parse()` with a pydantic model,
/// `reasoning_effort`, `service_tier`, an image data URL and the typed 400s (issue 13 §2, §4).
@Suite("OpenAI Python SDK: parameters and images", .timeLimit(.minutes(2)))
struct OpenAISDKParameterTests {
    @Test("parse() gets the schema's object back, the tier is echoed, an image is accepted, refusals are BadRequestError")
    func sdkParametersAndImages() async throws {
        try await ProxyHarness.run { proxy in
            let (passed, output) = try await OpenAISDKTests.runScript("openai_params_check.py", proxy)
            #expect(passed, "\(output)")
            #expect(output.contains("all checks passed"), "\(output)")
            let turnStart = try #require(try proxy.workerEvents().first { $0["method"] == "turn/start" }?["params"])
            #expect(turnStart["effort"] == "high")
            #expect(turnStart["outputSchema"]?["properties"]?["a"] != nil)
        }
    }
}
