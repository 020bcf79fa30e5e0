import OrderedJSON
import Testing

/// Bad input gets 400/404/413 in the OpenAI error shape with a message that names the problem.
@Suite("Request validation", .timeLimit(.minutes(2)))
struct RequestValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var body: [UInt8]
        var status: Int
        var param: String?
        var messageFragment: String
        var description: String { name }

        init(_ name: String, _ body: String, _ status: Int, param: String?, _ fragment: String) {
            self.name = name
            self.body = Array(body.utf8)
            self.status = status
            self.param = param
            self.messageFragment = fragment
        }
    }

    static let cases: [Case] = [
        Case("malformed JSON", #"{"model": "gpt-5.1-codex", "messages": [}"#, 400, param: nil, "not valid JSON"),
        Case("empty body", "", 400, param: nil, "empty"),
        Case("not an object", "[1, 2]", 400, param: nil, "must be a JSON object"),
        Case("missing model", #"{"messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "model", "'model'"),
        Case("model not a string", #"{"model": 5, "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "model", "non-empty string"),
        Case("missing messages", #"{"model": "gpt-5.1-codex"}"#, 400, param: "messages", "'messages'"),
        Case("messages not an array", #"{"model": "gpt-5.1-codex", "messages": "hi"}"#, 400, param: "messages", "must be an array"),
        Case("empty messages", #"{"model": "gpt-5.1-codex", "messages": []}"#, 400, param: "messages", "at least one message"),
        Case("message not an object", #"{"model": "gpt-5.1-codex", "messages": ["hi"]}"#, 400, param: "messages[0]", "must be an object"),
        Case("unknown role", #"{"model": "gpt-5.1-codex", "messages": [{"role": "robot", "content": "hi"}]}"#, 400, param: "messages[0].role", "must be one of"),
        Case("unanswered tool call", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}, {"role": "user", "content": "b"}]}"#, 400, param: "messages[1].tool_calls", "did not have response messages: 'c1'"),
        Case("conversation ends with the assistant", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]}"#, 400, param: "messages", "'user' or 'tool'"),
        Case("content wrong type", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user", "content": 12}]}"#, 400, param: "messages[0].content", "string or an array of text parts"),
        Case("missing content", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user"}]}"#, 400, param: "messages[0].content", "is required"),
        Case("image part without a data URL", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}"#, 400, param: "messages[0].content[0].image_url.url", "data: URL"),
        Case("unknown part type", #"{"model": "gpt-5.1-codex", "messages": [{"role": "user", "content": [{"type": "video"}]}]}"#, 400, param: "messages[0].content[0].type", "only 'text' and 'image_url' parts"),
        Case("no user message", #"{"model": "gpt-5.1-codex", "messages": [{"role": "system", "content": "x"}]}"#, 400, param: "messages", "role 'user'"),
        Case("stream not a boolean", #"{"model": "gpt-5.1-codex", "stream": "yes", "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "stream", "must be a boolean"),
        Case("stream_options without stream", #"{"model": "gpt-5.1-codex", "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "stream_options", "only allowed when 'stream' is true"),
        Case("temperature out of range", #"{"model": "gpt-5.1-codex", "temperature": 7, "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "temperature", "from 0.0 to 2.0"),
        Case("n above one", #"{"model": "gpt-5.1-codex", "n": 2, "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "n", "'n': 1"),
        Case("function tool without its function", #"{"model": "gpt-5.1-codex", "tools": [{"type": "function"}], "messages": [{"role": "user", "content": "hi"}]}"#, 400, param: "tools[0].function", "must be an object"),
        Case("unknown model", #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}"#, 404, param: "model", "`gpt-4o` does not exist"),
    ]

    @Test("each bad request is refused with a message naming the problem", arguments: cases)
    func badRequest(_ testCase: Case) async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.send(.POST, "/v1/chat/completions", body: testCase.body)
            #expect(exchange.status == testCase.status)
            let error = try #require(exchange.error, "body: \(String(decoding: exchange.body, as: UTF8.self))")
            #expect(error["param"] == (testCase.param.map(JSONValue.string) ?? .null))
            #expect(error["message"]?.stringValue?.contains(testCase.messageFragment) == true, "message: \(error["message"] ?? nil)")
            #expect(error["type"] == "invalid_request_error")
            #expect(error["retryable"] == false)
            #expect(exchange.header("Retry-After") == nil)
            if testCase.status == 404 { #expect(error["code"] == "model_not_found") }
            #expect(try proxy.receivedMethods().filter { $0 == "thread/start" }.isEmpty, "nothing reaches the worker")
        }
    }

    @Test("a body over PROXY_MAX_BODY_BYTES gets 413 naming the limit")
    func bodyTooLarge() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MAX_BODY_BYTES": "2048"]) { proxy in
            let big = ProxyHarness.chatBody(String(repeating: "x", count: 4096))
            let exchange = try await proxy.chat(big)
            #expect(exchange.status == 413)
            #expect(exchange.error?["code"] == "request_too_large")
            #expect(exchange.error?["message"]?.stringValue?.contains("2048") == true)
        }
    }

    @Test("unknown routes get an OpenAI-shaped 404 with a request id")
    func unknownRoute() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.get("/v1/nothing-here")
            #expect(exchange.status == 404)
            #expect(exchange.error?["code"] == "not_found")
            #expect(exchange.header("X-Request-Id")?.hasPrefix("req_") == true)
        }
    }
}
