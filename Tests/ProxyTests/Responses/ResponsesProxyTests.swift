import AsyncHTTPClient
import Foundation
import OrderedJSON
import TestSupport
import Testing

/// `POST /v1/responses` through a real proxy and a real `fake-codex` worker.
@Suite("Responses API over real sockets", .timeLimit(.minutes(2)))
struct ResponsesProxyTests {
    static let tools: JSONValue = [["type": "function", "name": "lookup", "description": "Look something up", "parameters": ["type": "object", "properties": ["q": ["type": "string"]]]]]

    /// The events of a Responses stream: (`event:` name, data).
    static func events(_ exchange: HTTPExchange) -> [(name: String, data: JSONValue)] {
        String(decoding: exchange.body, as: UTF8.self).components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                let json = try? JSONParser().parse(String(data))
            else { return nil }
            return (String(name), json)
        }
    }

    func post(_ proxy: ProxyHarness, _ body: JSONValue) async throws -> HTTPExchange {
        try await proxy.send(.POST, "/v1/responses", body: body.jsonBytes)
    }

    @Test("a string input answers a completed response with one message and usage")
    func json() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await post(proxy, ["model": "gpt-5.1-codex", "input": "hi", "instructions": "Be brief."])
            #expect(exchange.status == 200, "\(String(decoding: exchange.body, as: UTF8.self))")
            let response = try exchange.json
            #expect(response["object"] == "response")
            #expect(response["status"] == "completed")
            #expect(response["id"]?.stringValue?.hasPrefix("resp_") == true)
            #expect(response["instructions"] == "Be brief.")
            #expect(response["output"]?[0]?["type"] == "message")
            #expect(response["output"]?[0]?["content"]?[0]?["text"] == "Hello world")
            #expect(response["usage"]?["total_tokens"]?.integerValue ?? 0 > 0)
            #expect(response["usage"]?["input_tokens_details"]?["cached_tokens"] != nil)
        }
    }

    @Test("streaming sends the documented events in order with rising sequence numbers, and no [DONE]")
    func stream() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await post(proxy, ["model": "gpt-5.1-codex", "input": "hi", "stream": true])
            #expect(exchange.status == 200)
            let events = Self.events(exchange)
            #expect(events.map(\.name) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta", "response.output_text.delta", "response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed",
            ])
            #expect(events.allSatisfy { $0.data["type"]?.stringValue == $0.name })
            #expect(events.map { $0.data["sequence_number"]?.integerValue ?? -1 } == Array(0..<Int64(events.count)))
            #expect(events.last?.data["response"]?["output"]?[0]?["content"]?[0]?["text"] == "Hello world")
            #expect(!String(decoding: exchange.body, as: UTF8.self).contains("[DONE]"))
        }
    }

    @Test("a function loop: the call is an output item; function_call + function_call_output bring the answer")
    func functionLoop() async throws {
        try await ProxyHarness.run { proxy in
            let first = try await post(proxy, ["model": "gpt-5.1-codex", "input": "CALLFN:lookup", "tools": Self.tools])
            #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")
            let call = try #require(try first.json["output"]?[0])
            #expect(call["type"] == "function_call")
            #expect(call["name"] == "lookup")
            #expect(call["arguments"] == #"{"q": "lookup"}"#)
            #expect(try first.json["tools"]?[0]?["name"] == "lookup")
            let callID = try #require(call["call_id"]?.stringValue)
            let second = try await post(proxy, [
                "model": "gpt-5.1-codex", "tools": Self.tools,
                "input": [
                    ["role": "user", "content": "CALLFN:lookup"],
                    ["type": "function_call", "call_id": .string(callID), "name": "lookup", "arguments": #"{"q": "lookup"}"#],
                    ["type": "function_call_output", "call_id": .string(callID), "output": "42"],
                ],
            ])
            #expect(second.status == 200, "\(String(decoding: second.body, as: UTF8.self))")
            #expect(try second.json["output"]?[0]?["content"]?[0]?["text"] == "Hello world")
        }
    }

    @Test("a streamed function call: added, one arguments delta with the whole string, done")
    func streamedCall() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await post(proxy, ["model": "gpt-5.1-codex", "input": "CALLFN:lookup", "tools": Self.tools, "stream": true])
            let events = Self.events(exchange)
            #expect(events.map(\.name) == [
                "response.created", "response.in_progress", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed",
            ])
            #expect(events[3].data["delta"] == #"{"q": "lookup"}"#)
            #expect(events.last?.data["response"]?["output"]?[0]?["type"] == "function_call")
        }
    }

    @Test("a worker crash mid-stream ends the stream with response.failed carrying the error")
    func failedStream() async throws {
        let behaviour: JSONValue = ["launches": [["crash": ["afterDeltas": 1, "exitCode": 9]]]]
        try await ProxyHarness.run(behaviour: behaviour) { proxy in
            let exchange = try await post(proxy, ["model": "gpt-5.1-codex", "input": "hi", "stream": true])
            let events = Self.events(exchange)
            #expect(events.last?.name == "response.failed")
            #expect(events.last?.data["response"]?["status"] == "failed")
            #expect(events.last?.data["response"]?["error"]?["code"] == "worker_crashed")
        }
    }

    @Test("stateful and unsupported parameters are refused with 400 naming them, before the worker sees anything",
          arguments: [
            ("previous_response_id", JSONValue.string("resp_1"), "previous_response_id", "unsupported_parameter"),
            ("conversation", JSONValue.string("conv_1"), "conversation", "unsupported_parameter"),
            ("background", JSONValue.bool(true), "background", "unsupported_parameter"),
            ("tools", JSONValue.array([["type": "web_search"]]), "tools[0].type", "invalid_value"),
            ("input", JSONValue.array([["type": "item_reference", "id": "x"]]), "input[0].type", "unsupported_value"),
            ("input", JSONValue.array([["role": "user", "content": [["type": "input_file", "file_id": "f"]]]]), "input[0].content[0].type", "unsupported_value"),
            ("input", JSONValue.array([["role": "user", "content": "hi"], ["type": "function_call_output", "call_id": "c", "output": "x"]]), "input[1].tool_call_id", "invalid_value"),
          ])
    func refused(key: String, value: JSONValue, param: String, code: String) async throws {
        try await ProxyHarness.run { proxy in
            var body: JSONObject = ["model": "gpt-5.1-codex", "input": "hi"]
            body[key] = value
            let exchange = try await post(proxy, .object(body))
            #expect(exchange.status == 400, "\(String(decoding: exchange.body, as: UTF8.self))")
            #expect(exchange.error?["param"] == .string(param), "\(String(decoding: exchange.body, as: UTF8.self))")
            #expect(exchange.error?["code"] == .string(code))
            #expect(try proxy.receivedMethods().contains("thread/start") == false)
        }
    }
}
