import Foundation
import OrderedJSON
import TestSupport
import Testing

/// A tool loop through the proxy in front of the real codex 0.163.0 (the mock Responses API
/// calls the client's function on `CALLFN:`), JSON and streaming: what the model received shows
/// the client's function offered and, in round two, the call and its result replayed.
@Suite("Function calling over the real codex", .enabled(if: RealCodex.binaryPath != nil), .timeLimit(.minutes(3)))
struct RealCodexFunctionCallingTests {
    @Test("round one returns the model's call, round two brings the answer; the worker's turn is interrupted in between")
    func toolLoop() async throws {
        try await RealCodexProxy.run("real-codex-functions") { run in
            let proxy = run.proxy
            for stream in [false, true] {
                let user: JSONValue = ["role": "user", "content": "CALLFN:lookup"]
                let first = try await proxy.chat(FunctionCallingProxyTests.body([user], stream: stream))
                #expect(first.status == 200, "\(String(decoding: first.body, as: UTF8.self))")
                let call: JSONValue
                if stream {
                    let chunks = first.events.compactMap(\.json)
                    #expect(chunks.compactMap { $0["choices"]?[0]?["finish_reason"]?.stringValue } == ["tool_calls"])
                    let deltas = chunks.compactMap { $0["choices"]?[0]?["delta"]?["tool_calls"]?[0] }
                    var delta = try #require(deltas.first)
                    if case .object(var object) = delta {
                        object.removeValue(forKey: "index")
                        delta = .object(object)
                    }
                    call = delta
                } else {
                    #expect(try first.json["choices"]?[0]?["finish_reason"] == "tool_calls")
                    call = try #require(try first.json["choices"]?[0]?["message"]?["tool_calls"]?[0])
                }
                #expect(call["function"]?["name"] == "lookup")
                #expect(call["function"]?["arguments"] == #"{"q": "lookup"}"#)
                let callID = try #require(call["id"]?.stringValue)
                let second = try await proxy.chat(FunctionCallingProxyTests.body([
                    user, ["role": "assistant", "content": nil, "tool_calls": [call]], ["role": "tool", "tool_call_id": .string(callID), "content": "42"],
                ]))
                #expect(second.status == 200, "\(String(decoding: second.body, as: UTF8.self))")
                #expect(try second.json["choices"]?[0]?["message"]?["content"] == "Hello world")
            }
            let (passed, output) = try await OpenAISDKTests.runToolLoops(proxy)
            #expect(passed, "the SDK's tool loops against the real codex: \(output)")
            let responses = try await OpenAISDKTests.runScript("openai_responses_check.py", proxy, ["--skip-parse"])
            #expect(responses.0, "the SDK's Responses API against the real codex: \(responses.1)")
            // What the model saw: the functions offered, and in round two the call and its result.
            let requests = try run.modelRequests()
            let offered = (requests.first?["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(offered.contains("lookup") && offered.contains("weather"), "tools offered to the model: \(offered)")
            #expect(!offered.contains("exec_command"), "no host shell next to client functions: \(offered)")
            let input = requests.count > 1 ? requests[1]["input"]?.arrayValue ?? [] : []
            let pair = input.filter { ["function_call", "function_call_output"].contains($0["type"]?.stringValue ?? "") }
            #expect(pair.map { $0["type"]?.stringValue } == ["function_call", "function_call_output"], "model input: \(input.map { $0["type"]?.stringValue ?? "?" })")
            #expect(pair.last?["output"] == "42")
        }
    }
}
