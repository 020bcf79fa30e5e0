import Foundation
import OrderedJSON
import Proxy
import Testing

/// Clients that stop reading, half-close or give up early never keep a worker slot past their
/// deadline (issue: slots held by slow or half-closed clients).
@Suite("Turn lifetime: slow and vanishing clients", .timeLimit(.minutes(3)))
struct SlowAndVanishingClientTests {
    /// A reply far larger than the socket buffers of a client that does not read.
    static let hugeReply: JSONValue = ["reply": .string(String(repeating: "x", count: 8 << 20)), "chunkSize": 65536]

    @Test("streaming clients that stop reading lose their slots at the deadline, and others are served")
    func nonReadingClientsAreCutAtTheDeadline() async throws {
        let environment = [
            "WORKER_MAX_CONCURRENCY": "2", "WORKER_QUEUE_MAX": "0", "PROXY_REQUEST_TIMEOUT_MS": "3000", "PROXY_WRITE_STALL_TIMEOUT_MS": "600000",
        ]
        try await ProxyHarness.run(environment: environment, behaviour: Self.hugeReply) { proxy in
            let body = ProxyHarness.chatBody("a lot", stream: true).jsonBytes
            let clients = try (0..<2).map { _ in try RawHTTPClient(port: proxy.port, receiveBuffer: 4096) }
            for client in clients { try await client.sendChat(body, apiKey: ProxyHarness.apiKey) }
            try await proxy.waitUntil("both slots taken", timeout: .seconds(20)) { proxy.application.gate.load.active == 2 }
            let refused = try await proxy.chat(ProxyHarness.chatBody("REPLY:meanwhile"))
            #expect(refused.status == 429, "both slots are held while the deadline has not passed")
            try await proxy.waitUntil("slots freed at the deadline", timeout: .seconds(30)) { proxy.application.gate.load.active == 0 }
            let served = try await proxy.chat(ProxyHarness.chatBody("REPLY:after"))
            #expect(served.status == 200)
            for client in clients {
                // Either the error event got through before the cut, ending the response, or the
                // connection was cut; never a response that just stops with the connection open.
                let (bytes, closed) = try await client.readUntilClosed(timeout: .seconds(5))
                let tail = String(decoding: bytes.suffix(4096), as: UTF8.self)
                #expect(closed || (tail.contains("\"code\":\"worker_timeout\"") && tail.hasSuffix("0\r\n\r\n")), "\(tail.suffix(300))")
            }
            try await proxy.waitUntil("both egress lines", timeout: .seconds(20)) {
                proxy.logged("request_completed").filter { $0["outcome"]?.stringValue == "deadline" }.count == 2
            }
        }
    }

    @Test("a write that makes no progress for PROXY_WRITE_STALL_TIMEOUT_MS frees the slot long before the deadline")
    func stalledWriteFreesTheSlot() async throws {
        let environment = [
            "WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "0", "PROXY_REQUEST_TIMEOUT_MS": "600000", "PROXY_WRITE_STALL_TIMEOUT_MS": "500",
        ]
        try await ProxyHarness.run(environment: environment, behaviour: Self.hugeReply) { proxy in
            let client = try RawHTTPClient(port: proxy.port, receiveBuffer: 4096)
            try await client.sendChat(ProxyHarness.chatBody("a lot", stream: true).jsonBytes, apiKey: ProxyHarness.apiKey)
            try await proxy.waitUntil("the slot taken", timeout: .seconds(20)) { proxy.application.gate.load.active == 1 }
            try await proxy.waitUntil("the slot freed by the stall timeout", timeout: .seconds(60)) { proxy.application.gate.load.active == 0 }
            #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:next")).status == 200)
            #expect(proxy.logged("client_stalled").count == 1)
            try await proxy.waitUntil("one egress line per turn, naming how it ended", timeout: .seconds(20)) {
                proxy.logged("request_completed").compactMap { $0["outcome"]?.stringValue }.sorted() == ["client_stalled", "completed"]
            }
        }
    }

    @Test("a non-streaming client that half-closes (FIN) is a disconnect: the turn is interrupted and the slot freed")
    func halfClosedJSONClientIsADisconnect() async throws {
        let environment = ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "0"]
        try await ProxyHarness.run(environment: environment) { proxy in
            let client = try RawHTTPClient(port: proxy.port)
            try await client.sendChat(ProxyHarness.chatBody("SLOW").jsonBytes, apiKey: ProxyHarness.apiKey)
            try await proxy.waitUntil("the turn started", timeout: .seconds(20)) { try proxy.receivedMethods().contains("turn/start") }
            client.halfClose()
            try await proxy.waitUntil("turn/interrupt at the worker", timeout: .seconds(20)) {
                try proxy.receivedMethods().contains("turn/interrupt")
            }
            try await proxy.waitUntil("the slot freed", timeout: .seconds(20)) { proxy.application.gate.load.active == 0 }
            #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:next")).status == 200)
            try await proxy.waitUntil("the egress line names the disconnect", timeout: .seconds(20)) {
                proxy.logged("request_completed").contains { $0["outcome"]?.stringValue == "client_gone" }
            }
        }
    }

    @Test("a turn/start answered after the deadline gets its turn interrupted")
    func lateTurnStartIsInterrupted() async throws {
        // The deadline leaves thread/start time even on a busy machine and falls inside turn/start's delay.
        try await ProxyHarness.run(environment: ["PROXY_REQUEST_TIMEOUT_MS": "2500"], behaviour: ["turnStartDelayMs": 6000]) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("REPLY:too late"))
            #expect(exchange.status == 504)
            #expect(exchange.error?["code"] == "worker_timeout")
            try await proxy.waitUntil("turn/interrupt after the late answer", timeout: .seconds(20)) {
                try proxy.receivedMethods().contains("turn/interrupt")
            }
            let methods = try proxy.receivedMethods()
            #expect(methods.firstIndex(of: "turn/start")! < methods.firstIndex(of: "turn/interrupt")!)
            try await proxy.waitUntil("no request left waiting", timeout: .seconds(20)) {
                proxy.application.supervisor.currentConnection?.pendingRequestCount == 0
            }
        }
    }
}

extension ProxyEndpoint {
    /// The port of ``baseURL``.
    var port: Int { Int(baseURL.split(separator: ":").last.map(String.init) ?? "") ?? 0 }
}
