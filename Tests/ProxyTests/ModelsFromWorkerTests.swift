import Foundation
import OrderedJSON
@testable import Proxy
import Testing

/// `/v1/models` from the worker's `model/list` when `PROXY_MODELS` is unset: every page, refreshed
/// after each handshake and on a timer, the previous list kept when a refresh fails.
@Suite("Models from the worker", .timeLimit(.minutes(2)))
struct ModelsFromWorkerTests {
    static let followWorker = ["PROXY_MODELS": ""]

    static func listedIDs(_ proxy: ProxyHarness) async throws -> [String]? {
        let exchange = try await proxy.get("/v1/models")
        guard exchange.status == 200 else { return nil }
        return try exchange.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
    }

    @Test("PROXY_MODELS unset: /v1/models is the worker's list; models.retrieve and chat follow it")
    func listFromWorker() async throws {
        let behaviour: JSONValue = ["models": ["m-one", "m-two", ["id": "m-hidden", "hidden": true]]]
        try await ProxyHarness.run(environment: Self.followWorker, behaviour: behaviour) { proxy in
            try await proxy.waitUntil("the model list", timeout: .seconds(20)) { try await Self.listedIDs(proxy) != nil }
            let list = try await proxy.get("/v1/models")
            #expect(try list.json.objectValue.map { Array($0.keys) } == ["object", "data"])
            #expect(try list.json["data"]?[0]?.objectValue.map { Array($0.keys) } == ["id", "object", "created", "owned_by"])
            #expect(try await Self.listedIDs(proxy) == ["m-one", "m-two"])
            let entry = try await proxy.get("/v1/models/m-two")
            #expect(entry.status == 200)
            #expect(try entry.json["id"] == "m-two")
            #expect(try entry.json["object"] == "model")
            #expect(try entry.json["owned_by"] == "codex-proxy")
            let missing = try await proxy.get("/v1/models/m-hidden")
            #expect(missing.status == 404)
            #expect(missing.error?["code"] == "model_not_found")
            let chat = try await proxy.chat(ProxyHarness.chatBody("REPLY:ok", model: "m-two"))
            #expect(chat.status == 200)
            let refused = try await proxy.chat(ProxyHarness.chatBody("hi", model: "gpt-5.1-codex"))
            #expect(refused.status == 404)
            let request = try #require(try proxy.workerEvents().first { $0["method"] == "model/list" })
            #expect(request["params"] == ["limit": 100, "includeHidden": false])
        }
    }

    @Test("every page is read: 150 models take two model/list calls with the cursor")
    func paging() async throws {
        let ids = (1...150).map { "model-\($0)" }
        let behaviour: JSONValue = ["models": .array(ids.map(JSONValue.string))]
        try await ProxyHarness.run(environment: Self.followWorker, behaviour: behaviour) { proxy in
            try await proxy.waitUntil("the model list", timeout: .seconds(20)) { try await Self.listedIDs(proxy) != nil }
            #expect(try await Self.listedIDs(proxy) == ids)
            let cursors = try proxy.workerEvents().filter { $0["method"] == "model/list" }.map { $0["params"]?["cursor"] ?? .null }
            #expect(cursors == [.null, "100"])
        }
    }

    @Test("before the worker has listed its models /v1/models is 503 and retryable")
    func unavailableBeforeFirstList() async throws {
        try await ProxyHarness.run(environment: Self.followWorker, behaviour: ["handshakeDelayMs": 3_000], waitForReady: false) { proxy in
            let exchange = try await proxy.get("/v1/models")
            #expect(exchange.status == 503)
            #expect(exchange.error?["code"] == "models_unavailable")
            #expect(exchange.error?["retryable"] == true)
            #expect(exchange.header("Retry-After") != nil)
        }
    }

    @Test("a restarted worker's list replaces the old one (refresh after every handshake)")
    func refreshAfterRestart() async throws {
        let behaviour: JSONValue = [
            "launches": [["models": ["first-model"], "crash": ["afterTurns": 1]], ["models": ["second-model"]]],
        ]
        try await ProxyHarness.run(environment: Self.followWorker, behaviour: behaviour) { proxy in
            try await proxy.waitUntil("the first list", timeout: .seconds(20)) { try await Self.listedIDs(proxy) == ["first-model"] }
            _ = try await proxy.chat(ProxyHarness.chatBody("REPLY:bye", model: "first-model"))
            try await proxy.waitUntil("the second list", timeout: .seconds(30)) { try await Self.listedIDs(proxy) == ["second-model"] }
        }
    }

    @Test("a refresh that fails logs models_refresh_failed and keeps the previous list")
    func failedRefreshKeepsList() async throws {
        let environment = ["PROXY_MODELS": "", "PROXY_MODELS_REFRESH_S": "1", "WORKER_PING_TIMEOUT_MS": "300"]
        let behaviour: JSONValue = ["models": ["kept-model"], "hang": ["afterTurns": 1]]
        try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
            try await proxy.waitUntil("the list", timeout: .seconds(20)) { try await Self.listedIDs(proxy) == ["kept-model"] }
            _ = try await proxy.chat(ProxyHarness.chatBody("REPLY:now hang", model: "kept-model"))
            try await proxy.waitUntil("models_refresh_failed", timeout: .seconds(20)) { !proxy.logged("models_refresh_failed").isEmpty }
            #expect(try await Self.listedIDs(proxy) == ["kept-model"])
        }
    }

    @Test("PROXY_MODELS set but blank of names is refused; PROXY_MODELS_REFRESH_S is range-checked")
    func configuration() throws {
        #expect(try ProxyConfiguration(environment: [:]).api.models == nil)
        #expect(try ProxyConfiguration(environment: ["PROXY_MODELS": "a, b"]).api.models == ["a", "b"])
        #expect(try ProxyConfiguration(environment: [:]).api.modelsRefreshInterval == .seconds(600))
        #expect { _ = try ProxyConfiguration(environment: ["PROXY_MODELS": " , "]) } throws: { "\($0)".contains("PROXY_MODELS") }
        #expect { _ = try ProxyConfiguration(environment: ["PROXY_MODELS_REFRESH_S": "0"]) } throws: { "\($0)".contains("PROXY_MODELS_REFRESH_S") }
    }
}
