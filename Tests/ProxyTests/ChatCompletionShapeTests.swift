import OrderedJSON
import Testing

/// The exact JSON and SSE shapes that OpenAI clients parse.
@Suite("Chat completion shapes", .timeLimit(.minutes(2)))
struct ChatCompletionShapeTests {
    @Test("a non-streaming completion has the OpenAI keys in order, the worker's text and usage")
    func jsonCompletion() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("REPLY:The answer is 42."))
            #expect(exchange.status == 200)
            #expect(exchange.header("content-type") == "application/json")
            let body = try exchange.json
            #expect(body.objectValue.map { Array($0.keys) } == ["id", "object", "created", "model", "choices", "usage", "service_tier", "system_fingerprint"])
            #expect(body["object"] == "chat.completion")
            #expect(body["model"] == "gpt-5.1-codex")
            #expect(body["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
            let choice = try #require(body["choices"]?.arrayValue?.first)
            #expect(choice["index"] == 0)
            #expect(choice["finish_reason"] == "stop")
            #expect(choice["message"]?["role"] == "assistant")
            #expect(choice["message"]?["content"] == "The answer is 42.")
            let usage = try #require(body["usage"])
            let prompt = try #require(usage["prompt_tokens"]?.integerValue)
            let completion = try #require(usage["completion_tokens"]?.integerValue)
            #expect(prompt > 0 && completion > 0)
            #expect(usage["total_tokens"]?.integerValue == prompt + completion)
            #expect(usage["prompt_tokens_details"]?["cached_tokens"]?.integerValue != nil)
            #expect(usage["completion_tokens_details"]?["reasoning_tokens"]?.integerValue != nil)
        }
    }

    @Test("a stream sends a role chunk, content chunks, a stop chunk and [DONE]")
    func streamShape() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("say hi", stream: true))
            #expect(exchange.status == 200)
            #expect(exchange.header("content-type") == "text/event-stream")
            let events = exchange.events
            #expect(events.last == .done)
            let chunks = events.compactMap(\.json)
            let first = try #require(chunks.first)
            #expect(first["object"] == "chat.completion.chunk")
            #expect(first["choices"]?[0]?["delta"] == ["role": "assistant", "content": ""])
            let text = chunks.dropFirst().compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "Hello world")
            let last = try #require(chunks.last)
            #expect(last["choices"]?[0]?["finish_reason"] == "stop")
            #expect(last["choices"]?[0]?["delta"] == [:])
            #expect(chunks.allSatisfy { $0["usage"] == nil }, "no usage field unless include_usage")
            let ids = Set(chunks.compactMap { $0["id"]?.stringValue })
            #expect(ids.count == 1, "every chunk of one completion shares its id")
        }
    }

    @Test("include_usage adds usage:null to every chunk and a final usage chunk before [DONE]")
    func streamUsage() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("say hi", stream: true, includeUsage: true))
            let chunks = exchange.events.compactMap(\.json)
            let usageChunk = try #require(chunks.last)
            #expect(usageChunk["choices"] == [])
            let usage = try #require(usageChunk["usage"])
            #expect(usage["total_tokens"]?.integerValue == (usage["prompt_tokens"]?.integerValue ?? 0) + (usage["completion_tokens"]?.integerValue ?? 0))
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })
            #expect(exchange.events.last == .done)
        }
    }

    @Test("GET /v1/models lists the configured models in the OpenAI shape")
    func models() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MODELS": "gpt-5.1-codex,gpt-5.1-codex-mini"]) { proxy in
            let exchange = try await proxy.get("/v1/models")
            #expect(exchange.status == 200)
            let body = try exchange.json
            #expect(body["object"] == "list")
            let ids = body["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["gpt-5.1-codex", "gpt-5.1-codex-mini"])
            #expect(body["data"]?[0]?["object"] == "model")
        }
    }

    @Test("every request runs on an ephemeral, locked-down thread that is released afterwards")
    func threadSettings() async throws {
        try await ProxyHarness.run { proxy in
            _ = try await proxy.chat(ProxyHarness.chatBody("say hi"))
            try await proxy.waitUntil("thread/unsubscribe", timeout: .seconds(20)) {
                try proxy.receivedMethods().contains("thread/unsubscribe")
            }
            let threadStart = try #require(try proxy.workerEvents().first { $0["method"] == "thread/start" })
            let params = threadStart["params"]
            #expect(params?["ephemeral"] == true)
            #expect(params?["approvalPolicy"] == "never")
            #expect(params?["sandbox"] == "read-only")
            #expect(params?["model"] == "gpt-5.1-codex")
        }
    }
}
