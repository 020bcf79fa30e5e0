import OrderedJSON
import Testing

@Suite("Authentication and request ids", .timeLimit(.minutes(2)))
struct AuthAndRequestIDTests {
    @Test("the API refuses a missing or wrong bearer key with 401 and accepts the right one")
    func bearerKey() async throws {
        try await ProxyHarness.run { proxy in
            let missing = try await proxy.get("/v1/models", authorized: false)
            #expect(missing.status == 401)
            #expect(missing.error?["type"] == "authentication_error")
            let wrong = try await proxy.get("/v1/models", authorized: false, headers: [("Authorization", "Bearer test-key-0123456789abcdeX")])
            #expect(wrong.status == 401)
            let basic = try await proxy.get("/v1/models", authorized: false, headers: [("Authorization", "Basic \(ProxyHarness.apiKey)")])
            #expect(basic.status == 401)
            let right = try await proxy.get("/v1/models")
            #expect(right.status == 200)
            let chat = try await proxy.chat(ProxyHarness.chatBody("hi"), authorized: false)
            #expect(chat.status == 401)
        }
    }

    @Test("probes need no key")
    func probesAreOpen() async throws {
        try await ProxyHarness.run { proxy async throws in
            #expect(try await proxy.get("/livez", authorized: false).status == 200)
            #expect(try await proxy.get("/readyz", authorized: false).status == 200)
            #expect(try await proxy.get("/healthz", authorized: false).status == 200)
        }
    }

    @Test("a safe inbound X-Request-Id is echoed; an unsafe one is replaced by a generated id")
    func requestIDs() async throws {
        try await ProxyHarness.run { proxy in
            let kept = try await proxy.get("/v1/models", headers: [("X-Request-Id", "client-abc_123:7.x")])
            #expect(kept.header("X-Request-Id") == "client-abc_123:7.x")
            for unsafe in ["has space", "semi;colon", "../../etc/passwd", String(repeating: "a", count: 129), "quote\"d"] {
                let replaced = try await proxy.get("/v1/models", headers: [("X-Request-Id", unsafe)])
                let id = try #require(replaced.header("X-Request-Id"))
                #expect(id != unsafe)
                #expect(id.hasPrefix("req_") && id.count == 28)
            }
            let generated = try await proxy.get("/readyz")
            #expect(generated.header("X-Request-Id")?.hasPrefix("req_") == true)
            let error = try await proxy.get("/v1/models", authorized: false, headers: [("X-Request-Id", "err-1")])
            #expect(error.header("X-Request-Id") == "err-1")
        }
    }

    @Test("the completion id is derived from the request id")
    func completionIDFollowsRequestID() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [("X-Request-Id", "trace-77")])
            #expect(try exchange.json["id"] == "chatcmpl-trace-77")
        }
    }
}
