import Foundation
import OrderedJSON
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// The official OpenAI Python SDK (from pip) against the proxy: what real clients see.
@Suite("OpenAI Python SDK", .timeLimit(.minutes(2)))
struct OpenAISDKTests {

    func runSDK(_ proxy: ProxyHarness, _ extra: [String] = []) async throws -> (Bool, String) {
        try await Self.runScript("openai_sdk_check.py", proxy, extra)
    }

    @Test("the SDK lists models, completes with and without streaming, and raises typed errors")
    func sdkRoundTrips() async throws {
        try await ProxyHarness.run { proxy in
            let (passed, output) = try await runSDK(proxy)
            #expect(passed, "\(output)")
            #expect(output.contains("all checks passed"))
        }
    }

    @Test("the SDK runs tool loops: create, stream=True and chat.completions.stream with a pydantic function tool")
    func sdkToolLoops() async throws {
        try await ProxyHarness.run { proxy in
            let (passed, output) = try await Self.runToolLoops(proxy)
            #expect(passed, "\(output)")
            #expect(output.contains("all checks passed"))
        }
    }

    @Test("the SDK's Responses API: create, stream, a function loop, parse, and previous_response_id refused")
    func sdkResponses() async throws {
        try await ProxyHarness.run { proxy in
            let (passed, output) = try await Self.runScript("openai_responses_check.py", proxy)
            #expect(passed, "\(output)")
            #expect(output.contains("all checks passed"))
        }
    }

    /// Runs Tests/python/openai_tools_check.py against `proxy`.
    static func runToolLoops(_ proxy: some ProxyEndpoint) async throws -> (Bool, String) {
        try await runScript("openai_tools_check.py", proxy)
    }

    /// Runs the SDK script `name` from Tests/python against `proxy`.
    static func runScript(_ name: String, _ proxy: some ProxyEndpoint, _ extra: [String] = []) async throws -> (Bool, String) {
        let script = BuiltProducts.repositoryRoot.appendingPathComponent("Tests/python/\(name)").path
        let result = try await Subprocess.run(
            .name("python3"),
            arguments: Arguments([script, "--base-url", proxy.baseURL + "/v1", "--api-key", ProxyHarness.apiKey] + extra),
            output: .string(limit: 1 << 20),
            error: .string(limit: 1 << 20)
        )
        return (result.terminationStatus == .exited(0), result.standardOutput + result.standardError)
    }

    @Test("a worker crash mid-stream surfaces in the SDK as an APIError with the proxy's code")
    func sdkSeesStreamError() async throws {
        let behaviour: JSONValue = ["launches": [["crash": ["afterDeltas": 1, "exitCode": 9]]]]
        try await ProxyHarness.run(behaviour: behaviour) { proxy in
            let (passed, output) = try await runSDK(proxy, ["--expect-stream-error", "worker_crashed"])
            #expect(passed, "\(output)")
        }
    }

    @Test(
        "finding 6: the SDK tries a request-caused failure once, and retries only what the proxy marks retryable",
        arguments: [
            // An upstream 400 (codex reports it as `other` with the upstream body): 400, never retried.
            ("REPLY:x FAIL400", nil as JSONValue?, 400, 1),
            ("hi", ["turnError": ["codexErrorInfo": "contextWindowExceeded", "message": "too long"]] as JSONValue?, 400, 1),
            // A 502 the SDK would retry by default, but `x-should-retry: false` says it cannot succeed.
            ("hi", ["turnError": ["codexErrorInfo": "unauthorized", "message": "bad upstream key"]] as JSONValue?, 502, 1),
            // Retryable: the first attempt and both retries.
            ("hi", ["turnError": ["codexErrorInfo": "internalServerError", "message": "upstream 500"]] as JSONValue?, 502, 3),
        ]
    )
    func sdkAttempts(prompt: String, behaviour: JSONValue?, status: Int, attempts: Int) async throws {
        try await ProxyHarness.run(behaviour: behaviour) { proxy in
            let (passed, output) = try await runSDK(proxy, ["--prompt", prompt, "--expect-status", "\(status)", "--expect-attempts", "\(attempts)"])
            #expect(passed, "\(output)")
            // The proxy's egress log has one line per HTTP attempt the SDK made.
            let made = proxy.logged("request_completed").filter { $0["route"] == "/v1/chat/completions" }
            #expect(made.count == attempts, "\(made.count) attempts")
            #expect(made.allSatisfy { $0["status"]?.integerValue == Int64(status) || $0["status"]?.stringValue == "\(status)" })
        }
    }
}
