import Foundation
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// What the model behind the real codex 0.163.0 receives for `reasoning_effort`,
/// `response_format` json_schema, `service_tier` and inline images sent through the proxy.
@Suite("Parameters and images over the real codex", .enabled(if: RealCodex.binaryPath != nil), .timeLimit(.minutes(3)))
struct RealCodexParametersTests {
    @Test("the model request carries reasoning.effort, text.format, service_tier and the images with their detail")
    func modelRequestCarriesOptions() async throws {
        let real = try #require(RealCodex.binaryPath)
        if let violation = NetworkIsolation.violation() {
            Issue.record(Comment(rawValue: violation))
            return
        }
        let folder = try TemporaryDirectory("real-codex-parameters")
        defer { folder.remove() }
        let dump = folder.url.appendingPathComponent("dump").path
        try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
        let launcher = try RealCodexProxyTests.writeLauncher(for: real, in: folder.url)
        let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"], "additionalProperties": false]
        let url = "data:image/png;base64,\(ChatImagePartTests.png)"
        try await MockResponsesServer.withServer(dumpDirectory: dump) { port in
            let arguments = RealCodex.mockSettings(port: port).map { "-c '\($0)'" }.joined(separator: " ")
            let environment = ["CODEX_BIN": launcher, "CODEX_ARGS": arguments, "CODEX_WORKDIR": folder.url.appendingPathComponent("work").path]
            try await ProxyHarness.run(environment: environment) { proxy in
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
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dump).filter { $0.hasSuffix(".json") }.sorted()
        let request = try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: "\(dump)/\(try #require(names.last))")))
        let model = try #require(request["body"])
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

    @Test("the OpenAI SDK's parse(), reasoning_effort, service_tier, image and 400 checks pass against the real codex")
    func sdkAgainstRealCodex() async throws {
        let real = try #require(RealCodex.binaryPath)
        if let violation = NetworkIsolation.violation() {
            Issue.record(Comment(rawValue: violation))
            return
        }
        let folder = try TemporaryDirectory("real-codex-parameters-sdk")
        defer { folder.remove() }
        let launcher = try RealCodexProxyTests.writeLauncher(for: real, in: folder.url)
        try await MockResponsesServer.withServer { port in
            let arguments = RealCodex.mockSettings(port: port).map { "-c '\($0)'" }.joined(separator: " ")
            let environment = ["CODEX_BIN": launcher, "CODEX_ARGS": arguments, "CODEX_WORKDIR": folder.url.appendingPathComponent("work").path]
            try await ProxyHarness.run(environment: environment) { proxy in
                let result = try await Subprocess.run(
                    .name("python3"),
                    arguments: Arguments([OpenAISDKParameterTests.script, "--base-url", proxy.baseURL + "/v1", "--api-key", ProxyHarness.apiKey]),
                    output: .string(limit: 1 << 20),
                    error: .string(limit: 1 << 20)
                )
                let output = result.standardOutput + result.standardError
                #expect(result.terminationStatus == .exited(0), "\(output)")
                #expect(output.contains("all checks passed"), "\(output)")
            }
        }
    }
}
