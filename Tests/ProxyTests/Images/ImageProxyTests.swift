import OrderedJSON
import Testing

/// Over real sockets: an image in the trailing user message reaches `turn/start` as an image
/// input, one in the history reaches `thread/inject_items` as an `input_image` part; a model
/// whose catalog entry has no image input is refused before the worker.
@Suite("Images over the proxy", .timeLimit(.minutes(2)))
struct ImageProxyTests {
    static let url = "data:image/png;base64,\(ChatImagePartTests.png)"

    @Test("images reach the worker as turn input and injected input_image; a text-only model gets a 400")
    func imagesReachWorker() async throws {
        let behaviour: JSONValue = ["models": ["m-vision", ["id": "m-text", "inputModalities": ["text"]]]]
        try await ProxyHarness.run(environment: ["PROXY_MODELS": ""], behaviour: behaviour) { proxy in
            try await proxy.waitUntil("the model list", timeout: .seconds(20)) { try await proxy.get("/v1/models").status == 200 }
            let image: JSONValue = ["type": "image_url", "image_url": ["url": .string(Self.url), "detail": "high"]]
            func body(_ model: String) -> JSONValue {
                [
                    "model": .string(model),
                    "messages": [
                        ["role": "user", "content": [image]],
                        ["role": "assistant", "content": "a pixel"],
                        ["role": "user", "content": [["type": "text", "text": "REPLY:seen"], ["type": "image_url", "image_url": ["url": .string(Self.url)]]]],
                    ],
                ]
            }
            let exchange = try await proxy.chat(body("m-vision"))
            #expect(exchange.status == 200, "\(String(decoding: exchange.body, as: UTF8.self))")
            #expect(try exchange.json["choices"]?[0]?["message"]?["content"] == "seen")
            let events = try proxy.workerEvents()
            let input = try #require(events.first { $0["method"] == "turn/start" }?["params"]?["input"])
            #expect(input[1] == ["type": "image", "url": .string(Self.url), "detail": "auto"])
            let injected = try #require(events.first { $0["method"] == "thread/inject_items" }?["params"]?["items"])
            #expect(injected[0]?["content"]?[0] == ["type": "input_image", "image_url": .string(Self.url), "detail": "high"])

            let refused = try await proxy.chat(body("m-text"))
            #expect(refused.status == 400)
            #expect(refused.error?["param"] == "messages[0].content[0].type")
            #expect(refused.error?["code"] == "unsupported_value")
            #expect(refused.header("x-should-retry") == "false")
            #expect(try proxy.receivedMethods().filter { $0 == "turn/start" }.count == 1)
        }
    }
}
