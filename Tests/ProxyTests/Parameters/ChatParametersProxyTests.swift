import OrderedJSON
import Testing

/// Over real sockets: `reasoning_effort`, `response_format` json_schema and `service_tier` reach
/// the worker's `turn/start`, the tier is echoed, and the effort is checked against the worker's
/// catalog entry for the model.
@Suite("Chat parameters over the proxy", .timeLimit(.minutes(2)))
struct ChatParametersProxyTests {
    static let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "string"]], "required": ["a"], "additionalProperties": false]

    static func body(model: String, effort: String, stream: Bool = false) -> JSONValue {
        guard case .object(var object) = ProxyHarness.chatBody("REPLY:ok", model: model, stream: stream) else { return nil }
        object["reasoning_effort"] = .string(effort)
        object["service_tier"] = "priority"
        object["response_format"] = ["type": "json_schema", "json_schema": ["name": "answer", "strict": true, "schema": schema]]
        return .object(object)
    }

    @Test("effort, outputSchema and serviceTier reach turn/start; service_tier is echoed; an effort the model lacks is a 400")
    func reachWorker() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MODELS": ""], behaviour: ["models": ["m-one"]]) { proxy in
            try await proxy.waitUntil("the model list", timeout: .seconds(20)) { try await proxy.get("/v1/models").status == 200 }
            let exchange = try await proxy.chat(Self.body(model: "m-one", effort: "high"))
            #expect(exchange.status == 200)
            #expect(try exchange.json["service_tier"] == "priority")
            #expect(try exchange.json["choices"]?[0]?["message"]?["content"] == "ok")
            let turnStart = try #require(try proxy.workerEvents().first { $0["method"] == "turn/start" }?["params"])
            #expect(turnStart["effort"] == "high")
            #expect(turnStart["serviceTier"] == "priority")
            #expect(turnStart["outputSchema"] == Self.schema)

            let refused = try await proxy.chat(Self.body(model: "m-one", effort: "xhigh"))
            #expect(refused.status == 400)
            #expect(refused.error?["param"] == "reasoning_effort")
            #expect(refused.error?["code"] == "invalid_value")
            #expect(refused.error?["message"]?.stringValue?.contains("low, medium, high") == true)
            #expect(refused.header("x-should-retry") == "false")
            #expect(try proxy.receivedMethods().filter { $0 == "turn/start" }.count == 1, "the refused request never reached the worker")
        }
    }

    @Test("a streamed completion echoes the requested tier on every chunk")
    func streamedTier() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(Self.body(model: "gpt-5.1-codex", effort: "xhigh", stream: true))
            #expect(exchange.status == 200)
            let text = String(decoding: exchange.body, as: UTF8.self)
            let chunks = text.split(separator: "\n").filter { $0.hasPrefix("data: {") }
            #expect(!chunks.isEmpty)
            #expect(chunks.allSatisfy { $0.contains(#""service_tier":"priority""#) }, "\(text)")
            #expect(try proxy.workerEvents().first { $0["method"] == "turn/start" }?["params"]?["effort"] == "xhigh")
        }
    }
}
