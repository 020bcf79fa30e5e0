import Foundation
import OrderedJSON
import TestSupport
import Testing

/// Function calling through a real proxy and a real `fake-codex` worker (its `CALLFN:` triggers
/// make the "model" call client functions, as the mock Responses API does for the real codex).
@Suite("Function calling over real sockets", .timeLimit(.minutes(2)))
struct FunctionCallingProxyTests {
    static let tools: JSONValue = [
        ["type": "function", "function": ["name": "lookup", "description": "Look something up", "parameters": ["type": "object", "properties": ["q": ["type": "string"]]]]],
        ["type": "function", "function": ["name": "weather"]],
    ]

    static func body(_ messages: [JSONValue], stream: Bool = false, extra: JSONObject = [:]) -> JSONValue {
        var object: JSONObject = ["model": "gpt-5.1-codex", "messages": .array(messages), "tools": tools, "stream": .bool(stream)]
        object.merge(extra) { $1 }
        return .object(object)
    }

    @Test("a tool round trip: the call comes back with finish_reason tool_calls, the result brings the answer")
    func jsonRoundTrip() async throws {
        try await ProxyHarness.run { proxy in
            let user: JSONValue = ["role": "user", "content": "CALLFN:lookup"]
            let first = try await proxy.chat(Self.body([user]))
            #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")
            let choice = try #require(try first.json["choices"]?[0])
            #expect(choice["finish_reason"] == "tool_calls")
            #expect(choice["message"]?["content"] == .null)
            let call = try #require(choice["message"]?["tool_calls"]?[0])
            #expect(call["type"] == "function")
            #expect(call["function"]?["name"] == "lookup")
            #expect(call["function"]?["arguments"] == #"{"q": "lookup"}"#)
            #expect(try first.json["usage"]?["total_tokens"]?.integerValue ?? 0 > 0)
            let callID = try #require(call["id"]?.stringValue)

            let assistant: JSONValue = ["role": "assistant", "content": nil, "tool_calls": [call]]
            let result: JSONValue = ["role": "tool", "tool_call_id": .string(callID), "content": "42"]
            let second = try await proxy.chat(Self.body([user, assistant, result]))
            #expect(second.status == 200, "\(String(decoding: second.body, as: UTF8.self))")
            #expect(try second.json["choices"]?[0]?["finish_reason"] == "stop")
            #expect(try second.json["choices"]?[0]?["message"]?["content"] == "Hello world")
            #expect(try second.json["choices"]?[0]?["message"]?["tool_calls"] == nil)

            // The worker's turn was interrupted, never answered; the second round injected the pair.
            let methods = try proxy.receivedMethods()
            #expect(methods.contains("turn/interrupt"))
            #expect(methods.filter { $0 == "thread/inject_items" }.count == 1)
            // The egress line is written once the body is out, so it may trail the client's read.
            try await proxy.waitUntil("both request_completed lines", timeout: .seconds(20)) {
                proxy.logged("request_completed").filter { $0["route"] == "/v1/chat/completions" }.count == 2
            }
            let completed = proxy.logged("request_completed").filter { $0["route"] == "/v1/chat/completions" }
            #expect(completed.compactMap { $0["outcome"]?.stringValue } == ["tool_calls", "completed"])
            #expect(completed.first?["function_calls"] == 1)
            #expect(!proxy.logs.rawText.contains(#"{\"q\": \"lookup\"}"#), "tool arguments never reach the log")
        }
    }

    @Test("streaming: one chunk per call with its index, then finish_reason tool_calls, usage and [DONE]")
    func streamedCalls() async throws {
        try await ProxyHarness.run { proxy in
            let body = Self.body([["role": "user", "content": "CALLFN2:lookup,weather"]], stream: true, extra: ["stream_options": ["include_usage": true]])
            let exchange = try await proxy.chat(body)
            #expect(exchange.status == 200)
            let events = exchange.events
            #expect(events.last == .done)
            let chunks = events.compactMap(\.json)
            let calls = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"]?[0] }
            #expect(calls.map { $0["index"]?.integerValue } == [0, 1])
            #expect(calls.map { $0["function"]?["name"]?.stringValue } == ["lookup", "weather"])
            #expect(calls.allSatisfy { $0["id"]?.stringValue?.isEmpty == false && $0["type"] == "function" })
            #expect(chunks.compactMap { $0["choices"]?[0]?["finish_reason"]?.stringValue } == ["tool_calls"])
            #expect(chunks.last?["usage"]?["total_tokens"]?.integerValue ?? 0 > 0)
        }
    }

    @Test("parallel_tool_calls false returns only the first call of a batch")
    func parallelOff() async throws {
        try await ProxyHarness.run(environment: ["PROXY_ENABLE_METRICS": "true"]) { proxy in
            let exchange = try await proxy.chat(Self.body([["role": "user", "content": "CALLFN2:lookup,weather"]], extra: ["parallel_tool_calls": false]))
            #expect(exchange.status == 200)
            let calls = try exchange.json["choices"]?[0]?["message"]?["tool_calls"]?.arrayValue ?? []
            #expect(calls.map { $0["function"]?["name"]?.stringValue } == ["lookup"])
            let metrics = String(decoding: try await proxy.get("/metrics").body, as: UTF8.self)
            #expect(metrics.contains(#"codex_function_calls_total{outcome="dropped"} 1"#))
            #expect(metrics.contains(#"codex_function_calls_total{outcome="returned"} 1"#))
        }
    }

    @Test("tool_choice none offers no functions: the model answers in text")
    func toolChoiceNone() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(Self.body([["role": "user", "content": "CALLFN:lookup"]], extra: ["tool_choice": "none"]))
            #expect(exchange.status == 200)
            #expect(try exchange.json["choices"]?[0]?["finish_reason"] == "stop")
            #expect(try exchange.json["choices"]?[0]?["message"]?["content"] == "Hello world")
        }
    }

    @Test("after a tool_calls response the slot is free at once (WORKER_MAX_CONCURRENCY=1)")
    func slotFreed() async throws {
        try await ProxyHarness.run(environment: ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_TIMEOUT_MS": "1"]) { proxy in
            for _ in 0..<3 {
                let exchange = try await proxy.chat(Self.body([["role": "user", "content": "CALLFN:lookup"]]))
                #expect(exchange.status == 200, "\(String(decoding: exchange.body, as: UTF8.self))")
                #expect(try exchange.json["choices"]?[0]?["finish_reason"] == "tool_calls")
            }
            let plain = try await proxy.chat(ProxyHarness.chatBody("hi"))
            #expect(plain.status == 200)
            let interrupts = try proxy.workerEvents().filter { $0["event"] == "received" && $0["method"] == "turn/interrupt" }
            #expect(interrupts.count == 3)
        }
    }

    @Test("round one on one proxy, round two on another with its own worker")
    func roundsOnDifferentReplicas() async throws {
        let user: JSONValue = ["role": "user", "content": "CALLFN:weather"]
        let call = try await ProxyHarness.run { proxy in
            let first = try await proxy.chat(Self.body([user]))
            return try #require(try first.json["choices"]?[0]?["message"]?["tool_calls"]?[0])
        }
        try await ProxyHarness.run { other in
            let callID = try #require(call["id"]?.stringValue)
            let exchange = try await other.chat(Self.body([
                user, ["role": "assistant", "content": nil, "tool_calls": [call]], ["role": "tool", "tool_call_id": .string(callID), "content": "sunny"],
            ]))
            #expect(exchange.status == 200, "\(String(decoding: exchange.body, as: UTF8.self))")
            #expect(try exchange.json["choices"]?[0]?["message"]?["content"] == "Hello world")
        }
    }

    @Test("PROXY_FUNCTION_TOOLS=false refuses tools with 400 naming them")
    func functionToolsOff() async throws {
        try await ProxyHarness.run(environment: ["PROXY_FUNCTION_TOOLS": "false"]) { proxy in
            let exchange = try await proxy.chat(Self.body([["role": "user", "content": "hi"]]))
            #expect(exchange.status == 400)
            #expect(exchange.error?["param"] == "tools")
            #expect(exchange.error?["code"] == "unsupported_parameter")
            #expect(try proxy.receivedMethods().contains("thread/start") == false)
        }
    }
}
