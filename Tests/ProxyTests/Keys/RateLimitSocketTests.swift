import Foundation
import OrderedJSON
import Testing

/// Per-key limits over real sockets, a real proxy and a real fake-codex worker.
@Suite("Per-key rate limits on real sockets", .timeLimit(.minutes(2)))
struct RateLimitSocketTests {
    static let limited = KeyFixture.Key(name: "limited", limits: ["requests_per_minute": 5])
    static let other = KeyFixture.Key(name: "other", limits: ["requests_per_minute": 100])

    @Test("5 requests per minute: five 200s, then 429 with OpenAI's headers; after Retry-After it succeeds; another key is unaffected")
    func requestsPerMinute() async throws {
        let keys = try KeyFixture([Self.limited, Self.other])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            // The burst uses the cheap route so that it fits well inside one refill interval (12 s)
            // even on a busy machine; every /v1 request takes a request token.
            let burstStarted = ContinuousClock.now
            for index in 0..<5 {
                let ok = try await proxy.get("/v1/models", headers: [Self.limited.bearer])
                #expect(ok.status == 200)
                #expect(ok.header("x-ratelimit-limit-requests") == "5")
                #expect(ok.header("x-ratelimit-remaining-requests") == String(4 - index))
                #expect(ok.header("x-ratelimit-reset-requests") != nil)
            }
            let refused = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [Self.limited.bearer])
            try #require(ContinuousClock.now - burstStarted < .seconds(12), "the burst outlasted a refill interval; the machine is too slow for this check")
            #expect(refused.status == 429)
            #expect(refused.error?["code"] == "rate_limit_exceeded")
            #expect(refused.error?["type"] == "requests")
            #expect(refused.error?["retryable"] == true)
            #expect(refused.error?["message"]?.stringValue?.contains("type: requests") == true)
            #expect(refused.header("x-should-retry") == "true")
            #expect(refused.header("x-ratelimit-limit-requests") == "5")
            #expect(refused.header("x-ratelimit-remaining-requests") == "0")
            let retryAfter = try #require(refused.header("Retry-After").flatMap(Int.init))
            #expect((1...12).contains(retryAfter))

            let unaffected = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [Self.other.bearer])
            #expect(unaffected.status == 200)
            #expect(unaffected.header("x-ratelimit-limit-requests") == "100")

            try await Task.sleep(for: .seconds(retryAfter))
            let again = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [Self.limited.bearer])
            #expect(again.status == 200, "Retry-After \(retryAfter) s was not enough")

            let metrics = try await proxy.scrape()
            #expect(metrics.value("codex_ratelimit_rejected_total", ["key": "limited", "kind": "requests"]) == 1)
            #expect(metrics.value("codex_key_requests_total", ["key": "limited", "status_family": "2xx"]) == 6)
            #expect(metrics.value("codex_key_requests_total", ["key": "limited", "status_family": "4xx"]) == 1)
            #expect(metrics.value("codex_key_requests_total", ["key": "other", "status_family": "2xx"]) == 1)
            #expect(metrics.value("codex_keys_configured") == 2)

            try await proxy.waitUntil("seven egress lines of the limited key", timeout: .seconds(5)) {
                proxy.logged("request_completed").filter { $0["key_name"] == "limited" }.count == 7
            }
            let completed = proxy.logged("request_completed").filter { $0["route"] == "/v1/chat/completions" }
            #expect(completed.contains { $0["key_name"] == "limited" && $0["error_code"] == "rate_limit_exceeded" && $0["status"] == 429 })
            #expect(!proxy.logs.rawText.contains(Self.limited.secret) && !proxy.logs.rawText.contains(Self.other.secret))
        }
    }

    @Test("tokens per minute: the worker's usage (JSON or stream) spends the budget and the next request is refused")
    func tokensPerMinute() async throws {
        let json = KeyFixture.Key(name: "json", limits: ["tokens_per_minute": 100])
        let stream = KeyFixture.Key(name: "stream", limits: ["tokens_per_minute": 100])
        let keys = try KeyFixture([json, stream])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            let first = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [json.bearer])
            #expect(first.status == 200)
            #expect(first.header("x-ratelimit-remaining-tokens") == "100")
            let spent = try #require(first.json["usage"]?["total_tokens"]?.integerValue)
            #expect(spent > 100, "the fake's usage must exceed the budget for this test to mean anything")
            let refused = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [json.bearer])
            #expect(refused.status == 429)
            #expect(refused.error?["type"] == "tokens")
            #expect(refused.error?["message"]?.stringValue?.contains("type: tokens") == true)
            #expect(refused.header("x-ratelimit-remaining-tokens") == "0")
            // Debt of (spent − 100) tokens plus one, at 100 per minute, minus the little time that passed.
            let expected = Int((Double(spent - 100 + 1) * 0.6).rounded(.up))
            let retryAfter = try #require(refused.header("Retry-After").flatMap(Int.init))
            #expect(retryAfter <= expected && retryAfter >= expected - 3, "Retry-After \(retryAfter), expected about \(expected)")

            let streamed = try await proxy.chat(ProxyHarness.chatBody("hi", stream: true, includeUsage: true), headers: [stream.bearer])
            #expect(streamed.status == 200)
            #expect(streamed.events.last == .done)
            let refusedAfterStream = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [stream.bearer])
            #expect(refusedAfterStream.status == 429)
            #expect(refusedAfterStream.error?["type"] == "tokens")

            let metrics = try await proxy.scrape()
            #expect(metrics.value("codex_ratelimit_rejected_total", ["key": "json", "kind": "tokens"]) == 1)
            #expect(metrics.value("codex_ratelimit_rejected_total", ["key": "stream", "kind": "tokens"]) == 1)
        }
    }

    @Test("max_concurrent 1: a second concurrent stream of the key gets 429 while another key gets a slot; the slot returns when the client leaves")
    func maxConcurrent() async throws {
        let single = KeyFixture.Key(name: "single", limits: ["max_concurrent": 1])
        let keys = try KeyFixture([single, Self.other])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            let first = try await StreamingRequest.open(proxy, body: ProxyHarness.chatBody("SLOW", stream: true), headers: [single.bearer])
            #expect(first.status == 200)
            let second = try await proxy.chat(ProxyHarness.chatBody("hi", stream: true), headers: [single.bearer])
            #expect(second.status == 429)
            #expect(second.error?["type"] == "concurrent")
            #expect(second.header("x-should-retry") == "true")
            #expect(second.header("Retry-After") == "1")
            let otherKey = try await proxy.chat(ProxyHarness.chatBody("hi", stream: true), headers: [Self.other.bearer])
            #expect(otherKey.status == 200)
            #expect(otherKey.events.last == .done)
            let metrics = try await proxy.scrape()
            #expect(metrics.value("codex_ratelimit_rejected_total", ["key": "single", "kind": "concurrent"]) == 1)
            try await first.waitFor("tick1")
            first.cancel()
            try await proxy.waitUntil("the slot to come back after the client left", timeout: .seconds(20)) {
                try await proxy.get("/v1/models", headers: [single.bearer]).status == 200
            }
        }
    }

    @Test("a missing or wrong key gets 401 without rate-limit headers; probes stay open")
    func wrongKey() async throws {
        let keys = try KeyFixture([Self.limited])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            let wrong = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [("Authorization", "Bearer sk-test-nobody-0123456789abcdef")])
            #expect(wrong.status == 401)
            #expect(wrong.error?["code"] == "invalid_api_key")
            #expect(wrong.header("x-ratelimit-limit-requests") == nil)
            #expect(try await proxy.get("/v1/models", authorized: false).status == 401)
            #expect(try await proxy.get("/v1/models", headers: [Self.limited.bearer]).status == 200)
            #expect(try await proxy.get("/readyz", authorized: false).status == 200)
        }
    }

    @Test("POST /internal/keys/reload: a valid file swaps the keys; an invalid one changes nothing and names the line and field")
    func reloadEndpoint() async throws {
        let old = KeyFixture.Key(name: "old")
        let new = KeyFixture.Key(name: "new", limits: ["requests_per_minute": 7])
        let keys = try KeyFixture([old, Self.other])
        defer { keys.remove() }
        try await ProxyHarness.run(environment: keys.environment) { proxy in
            let token = ("Authorization", "Bearer \(KeyFixture.maintenanceToken)")
            #expect(try await proxy.send(.POST, "/internal/keys/reload", authorized: false).status == 401)

            try keys.write([new, Self.other])
            let reloaded = try await proxy.send(.POST, "/internal/keys/reload", headers: [token], authorized: false)
            #expect(reloaded.status == 200)
            #expect(try reloaded.json == ["reloaded": true, "keys": 2, "added": 1, "removed": 1])
            #expect(try await proxy.get("/v1/models", headers: [old.bearer]).status == 401)
            let admitted = try await proxy.get("/v1/models", headers: [new.bearer])
            #expect(admitted.status == 200)
            #expect(admitted.header("x-ratelimit-limit-requests") == "7")

            try keys.write(text: "keys:\n  - name: new\n    hash: \(new.secret)\n")
            let refused = try await proxy.send(.POST, "/internal/keys/reload", headers: [token], authorized: false)
            #expect(refused.status == 422)
            #expect(refused.error?["code"] == "invalid_keys_file")
            let message = refused.error?["message"]?.stringValue ?? ""
            #expect(message.contains("line 3, field 'keys[0].hash'"))
            #expect(!message.contains(new.secret))
            #expect(try await proxy.get("/v1/models", headers: [new.bearer]).status == 200)
            #expect(try await proxy.get("/v1/models", headers: [Self.other.bearer]).status == 200)

            let failed = try #require(proxy.logged("keys_reload_failed").first)
            #expect(failed["file_line"] == 3)
            #expect(failed["field"] == "keys[0].hash")
            #expect(failed["trigger"] == "http")
            #expect(proxy.logged("keys_reloaded").first?["added"] == 1)
            #expect(!proxy.logs.rawText.contains(new.secret))
            let metrics = try await proxy.scrape()
            #expect(metrics.value("codex_keys_reload_failures_total") == 1)
            #expect(metrics.value("codex_keys_configured") == 2)
        }
    }
}
