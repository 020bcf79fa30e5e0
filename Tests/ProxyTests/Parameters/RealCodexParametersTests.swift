import Foundation
import OrderedJSON
import TestSupport
import Testing

/// What the model behind the real codex 0.163.0 receives for `reasoning_effort`,
/// `response_format` json_schema, `service_tier` and inline images sent through the proxy.
@Suite("Parameters and images over the real codex", .enabled(if: RealCodex.binaryPath != nil), .timeLimit(.minutes(3)))
struct RealCodexParametersTests {
    @Test("the model request carries reasoning.effort, text.format, service_tier and the images with their detail")
    func modelRequestCarriesOptions() async throws {
        let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"], "additionalProperties": false]
        let url = "data:image/png;base64,\(ChatImagePartTests.png)"
        try await RealCodexProxy.run("real-codex-parameters") { run in
            let proxy = run.proxy
            let body: JSONValue = [
                "model": "gpt-5.1-codex",
                "reasoning_effort": "high",
                "service_tier": "flex",
                "response_format": ["type": "json_schema", "json_schema": ["name": "answer", "schema": schema]],
                "messages": [
                    ["role": "user", "content": [["type": "image_url", "image_url": ["url": .string(url), "detail": "high"]]]],
                    ["role": "assistant", "content": "a pixel"],
                    ["role": "user", "content": [["type": "text", "text": "REPLY:{\"a\":\"b\"}"], ["type": "image_url", "image_url": ["url": .string(url)]]]],
                ],
            ]
            let exchange = try await proxy.chat(body)
            #expect(exchange.status == 200, "\(String(decoding: exchange.body, as: UTF8.self))")
            #expect(try exchange.json["service_tier"] == "flex")
            let model = try #require(try run.modelRequests().last)
            #expect(model["reasoning"]?["effort"] == "high")
            #expect(model["text"]?["format"] == ["type": "json_schema", "strict": true, "schema": schema, "name": "codex_output_schema"])
            #expect(model["service_tier"] == "flex")
            let userParts = (model["input"]?.arrayValue ?? []).filter { $0["role"] == "user" }.flatMap { $0["content"]?.arrayValue ?? [] }
            let images = userParts.filter { $0["type"] == "input_image" }
            #expect(images == [
                ["type": "input_image", "image_url": .string(url), "detail": "high"],
                ["type": "input_image", "image_url": .string(url), "detail": "auto"],
            ], "user parts: \(userParts)")
            #expect(!userParts.contains { $0["text"]?.stringValue?.contains("image content omitted") == true })
        }
    }

    @Test("the OpenAI SDK's parse(), reasoning_effort, service_tier, image and 400 checks pass against the real codex")
    func sdkAgainstRealCodex() async throws {
        try await RealCodexProxy.run("real-codex-parameters-sdk") { run in
            let (passed, output) = try await OpenAISDKTests.runScript("openai_params_check.py", run.proxy)
            #expect(passed, "\(output)")
            #expect(output.contains("all checks passed"), "\(output)")
        }
    }
}
