import OrderedJSON
import Testing

@Suite("Maintenance mode", .timeLimit(.minutes(2)))
struct MaintenanceModeTests {
    static let token = "maintenance-token-0123456789"

    @Test("PROXY_MAINTENANCE_MODE at start answers the API with 503, Retry-After and retryable; probes are unaffected")
    func enabledAtStart() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MAINTENANCE_MODE": "true", "PROXY_MAINTENANCE_RETRY_AFTER_S": "42"]) { proxy in
            let chat = try await proxy.chat(ProxyHarness.chatBody("hi"))
            #expect(chat.status == 503)
            #expect(chat.header("Retry-After") == "42")
            #expect(chat.error?["code"] == "maintenance")
            #expect(chat.error?["retryable"] == true)
            #expect(try await proxy.get("/v1/models").status == 503)
            #expect(try await proxy.get("/readyz").status == 200)
            #expect(try await proxy.get("/livez").status == 200)
            #expect(try await proxy.get("/healthz").json["maintenance_mode"] == true)
            #expect(try proxy.receivedMethods().contains("thread/start") == false)
        }
    }

    @Test("the endpoint toggles maintenance at run time and reports the state")
    func toggleAtRunTime() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MAINTENANCE_TOKEN": Self.token]) { proxy in
            let auth = [("Authorization", "Bearer \(Self.token)")]
            #expect(try await proxy.send(.GET, "/internal/maintenance", headers: auth, authorized: false).json == ["maintenance_mode": false])

            let on = try await proxy.send(.POST, "/internal/maintenance", body: Array(#"{"enabled": true}"#.utf8), headers: auth, authorized: false)
            #expect(on.status == 200)
            #expect(try on.json == ["maintenance_mode": true])
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 503)
            #expect(try await proxy.get("/healthz").json["maintenance_mode"] == true)
            #expect(proxy.logged("maintenance_toggled").count == 1)

            let off = try await proxy.send(.POST, "/internal/maintenance", body: Array(#"{"enabled": false}"#.utf8), headers: auth, authorized: false)
            #expect(try off.json == ["maintenance_mode": false])
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
            #expect(proxy.logged("maintenance_toggled").count == 2)
        }
    }

    @Test("a wrong or missing token gets 401 and changes nothing")
    func wrongToken() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MAINTENANCE_TOKEN": Self.token]) { proxy in
            let body = Array(#"{"enabled": true}"#.utf8)
            let wrong = try await proxy.send(.POST, "/internal/maintenance", body: body, headers: [("Authorization", "Bearer nope-nope-nope-nope")], authorized: false)
            #expect(wrong.status == 401)
            let missing = try await proxy.send(.POST, "/internal/maintenance", body: body, authorized: false)
            #expect(missing.status == 401)
            let apiKeyIsNotEnough = try await proxy.send(.POST, "/internal/maintenance", body: body)
            #expect(apiKeyIsNotEnough.status == 401)
            #expect(proxy.application.maintenance.isEnabled == false)
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
        }
    }

    @Test("a malformed toggle body gets 400 naming the field")
    func badToggleBody() async throws {
        try await ProxyHarness.run(environment: ["PROXY_MAINTENANCE_TOKEN": Self.token]) { proxy in
            let auth = [("Authorization", "Bearer \(Self.token)")]
            let wrongType = try await proxy.send(.POST, "/internal/maintenance", body: Array(#"{"enabled": "yes"}"#.utf8), headers: auth, authorized: false)
            #expect(wrongType.status == 400)
            #expect(wrongType.error?["param"] == "enabled")
            let missing = try await proxy.send(.POST, "/internal/maintenance", body: Array("{}".utf8), headers: auth, authorized: false)
            #expect(missing.status == 400)
            #expect(proxy.application.maintenance.isEnabled == false)
        }
    }

    @Test("without PROXY_MAINTENANCE_TOKEN the endpoint does not exist")
    func endpointAbsentWithoutToken() async throws {
        try await ProxyHarness.run { proxy async throws in
            #expect(try await proxy.get("/internal/maintenance").status == 404)
        }
    }
}
