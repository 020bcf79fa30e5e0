import AsyncHTTPClient
import NIOCore
import OrderedJSON
import Testing

@Suite("Turn lifecycle: limits, timeouts, disconnects, crashes", .timeLimit(.minutes(3)))
struct TurnLifecycleTests {
    /// Replies slowly enough that a turn stays in flight for several seconds.
    static let slowReply: JSONValue = ["reply": "one two three four five six seven eight", "chunkSize": 4, "deltaDelayMs": 300]

    @Test("beyond WORKER_MAX_CONCURRENCY with a full queue, requests get 429 with Retry-After")
    func concurrencyLimit() async throws {
        let environment = ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "0"]
        try await ProxyHarness.run(environment: environment, behaviour: Self.slowReply) { proxy in
            async let first = proxy.chat(ProxyHarness.chatBody("hold the slot"))
            try await proxy.waitUntil("first turn started", timeout: .seconds(20)) { try proxy.receivedMethods().contains("turn/start") }
            let second = try await proxy.chat(ProxyHarness.chatBody("no room"))
            #expect(second.status == 429)
            #expect(second.header("Retry-After") == "1")
            #expect(second.error?["code"] == "concurrency_limit_exceeded")
            #expect(second.error?["retryable"] == true)
            #expect(try await first.status == 200)
        }
    }

    @Test("a queued request waits for a free slot and then succeeds")
    func queueWaits() async throws {
        let environment = ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "1", "WORKER_QUEUE_TIMEOUT_MS": "20000"]
        let behaviour: JSONValue = ["reply": "short", "deltaDelayMs": 200, "chunkSize": 1]
        try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
            async let first = proxy.chat(ProxyHarness.chatBody("first"))
            try await proxy.waitUntil("first turn started", timeout: .seconds(20)) { try proxy.receivedMethods().contains("turn/start") }
            let second = try await proxy.chat(ProxyHarness.chatBody("second"))
            #expect(second.status == 200)
            #expect(try await first.status == 200)
            #expect(try proxy.receivedMethods().filter { $0 == "turn/start" }.count == 2)
        }
    }

    @Test("a queued request that waits longer than WORKER_QUEUE_TIMEOUT_MS gets 429")
    func queueTimeout() async throws {
        let environment = ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "4", "WORKER_QUEUE_TIMEOUT_MS": "200"]
        try await ProxyHarness.run(environment: environment, behaviour: Self.slowReply) { proxy in
            async let first = proxy.chat(ProxyHarness.chatBody("hold"))
            try await proxy.waitUntil("first turn started", timeout: .seconds(20)) { try proxy.receivedMethods().contains("turn/start") }
            let started = ContinuousClock.now
            let second = try await proxy.chat(ProxyHarness.chatBody("waits"))
            #expect(second.status == 429)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
            #expect(try await first.status == 200)
        }
    }

    @Test("a turn that outlives PROXY_REQUEST_TIMEOUT_MS gets 504 retryable and is interrupted on the worker")
    func requestTimeout() async throws {
        // Long enough for the turn to start on a busy machine, far shorter than the reply.
        let behaviour: JSONValue = ["reply": "one two three four five six seven eight", "chunkSize": 4, "deltaDelayMs": 1500]
        try await ProxyHarness.run(environment: ["PROXY_REQUEST_TIMEOUT_MS": "3000"], behaviour: behaviour) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("too slow"))
            #expect(exchange.status == 504)
            #expect(exchange.error?["code"] == "worker_timeout")
            #expect(exchange.error?["retryable"] == true)
            #expect(exchange.header("Retry-After") != nil)
            try await proxy.waitUntil("turn/interrupt at the worker", timeout: .seconds(20)) {
                try proxy.receivedMethods().contains("turn/interrupt")
            }
        }
    }

    @Test("a streaming turn that times out ends with an SSE error event, not a silent cut")
    func streamTimeout() async throws {
        // Long enough for the turn to start on a busy machine, far shorter than the reply.
        let behaviour: JSONValue = ["reply": "one two three four five six seven eight", "chunkSize": 4, "deltaDelayMs": 1500]
        try await ProxyHarness.run(environment: ["PROXY_REQUEST_TIMEOUT_MS": "3000"], behaviour: behaviour) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("too slow", stream: true))
            #expect(exchange.status == 200)
            let last = try #require(exchange.events.last?.json)
            #expect(last["error"]?["code"] == "worker_timeout")
            #expect(last["error"]?["retryable"] == true)
            #expect(!exchange.events.contains(.done))
        }
    }

    @Test("a client that disconnects mid-stream gets its turn interrupted and its slot freed at once")
    func clientDisconnect() async throws {
        let environment = ["WORKER_MAX_CONCURRENCY": "1", "WORKER_QUEUE_MAX": "0"]
        try await ProxyHarness.run(environment: environment, behaviour: Self.slowReply) { proxy in
            var request = HTTPClientRequest(url: proxy.baseURL + "/v1/chat/completions")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(ProxyHarness.apiKey)")
            request.body = .bytes(ByteBuffer(bytes: ProxyHarness.chatBody("stream then leave", stream: true).jsonBytes))
            let (firstContent, signal) = AsyncStream.makeStream(of: Void.self)
            let reader = Task {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                var received = ""
                for try await chunk in response.body {
                    received += String(buffer: chunk)
                    if received.contains("\"content\":\"one") { signal.yield() }
                }
            }
            for await _ in firstContent { break }
            reader.cancel()
            try await proxy.waitUntil("turn/interrupt at the worker", timeout: .seconds(10)) {
                try proxy.receivedMethods().contains("turn/interrupt")
            }
            try await proxy.waitUntil("slot freed", timeout: .seconds(10)) { proxy.application.gate.load.active == 0 }
            let next = try await proxy.chat(ProxyHarness.chatBody("REPLY:next"))
            #expect(next.status == 200, "the slot was freed: \(String(decoding: next.body, as: UTF8.self))")
            try await proxy.waitUntil("one egress line per turn, naming how it ended", timeout: .seconds(20)) {
                proxy.logged("request_completed").compactMap { $0["outcome"]?.stringValue }.sorted() == ["client_gone", "completed"]
            }
        }
    }

    @Test("a silent worker gets ': keepalive' comments into the stream, which clients ignore")
    func keepalive() async throws {
        try await ProxyHarness.run(environment: ["PROXY_SSE_KEEPALIVE_MS": "100"], behaviour: ["firstTokenDelayMs": 1200]) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("say hi", stream: true))
            let events = exchange.events
            let keepalives = events.filter { $0 == .comment("keepalive") }.count
            #expect(keepalives >= 2, "\(events)")
            let firstContent = try #require(events.firstIndex { $0.json?["choices"]?[0]?["delta"]?["content"] == "Hel" })
            let firstKeepalive = try #require(events.firstIndex(of: .comment("keepalive")))
            #expect(firstKeepalive < firstContent, "keepalives come while the worker is silent")
            #expect(events.last == .done)
            #expect(!proxy.logged("stream_keepalive").isEmpty)
        }
    }

    @Test("a worker that stops answering is found by the ping after a timeout, killed and replaced")
    func hungWorkerIsReplaced() async throws {
        let environment = ["PROXY_REQUEST_TIMEOUT_MS": "2000", "WORKER_PING_TIMEOUT_MS": "300"]
        let behaviour: JSONValue = ["launches": [["hang": ["afterDeltas": 1]]]]
        try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
            let stuck = try await proxy.chat(ProxyHarness.chatBody("hang after a delta"))
            #expect(stuck.status == 504)
            try await proxy.waitUntil("worker_hung", timeout: .seconds(20)) { !proxy.logged("worker_hung").isEmpty }
            try await proxy.waitUntil("a new worker", timeout: .seconds(30)) {
                let status = proxy.application.supervisor.snapshot
                return status.isReady && status.restartCount == 1
            }
            #expect(try await proxy.chat(ProxyHarness.chatBody("REPLY:back")).status == 200)
        }
    }

    @Test("a worker crash mid-stream ends the stream with a retryable SSE error event")
    func crashMidStream() async throws {
        let behaviour: JSONValue = ["launches": [["crash": ["afterDeltas": 2, "exitCode": 7]]], "reply": "abcdefghijklmnop", "chunkSize": 2]
        try await ProxyHarness.run(behaviour: behaviour) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("crash please", stream: true))
            #expect(exchange.status == 200)
            let chunks = exchange.events.compactMap(\.json)
            let text = chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "abcd")
            let last = try #require(chunks.last)
            #expect(last["error"]?["code"] == "worker_crashed")
            #expect(last["error"]?["retryable"] == true)
            #expect(!exchange.events.contains(.done))
            try await proxy.waitUntil("worker back", timeout: .seconds(10)) { proxy.application.supervisor.snapshot.isReady }
            #expect(try await proxy.chat(ProxyHarness.chatBody("hi")).status == 200)
        }
    }

    @Test("a worker crash during a JSON request gives 502 retryable with Retry-After")
    func crashDuringJSON() async throws {
        let behaviour: JSONValue = ["launches": [["crash": ["afterDeltas": 1, "signal": "SIGKILL"]]]]
        try await ProxyHarness.run(behaviour: behaviour) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("crash please"))
            #expect(exchange.status == 502)
            #expect(exchange.error?["code"] == "worker_crashed")
            #expect(exchange.error?["retryable"] == true)
            #expect(exchange.header("Retry-After") != nil)
        }
    }

    @Test("a failed turn maps codexErrorInfo to an OpenAI error")
    func failedTurn() async throws {
        try await ProxyHarness.run(behaviour: ["turnError": ["codexErrorInfo": "contextWindowExceeded", "message": "too long"]]) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("anything"))
            #expect(exchange.status == 400)
            #expect(exchange.error?["code"] == "context_length_exceeded")
            let stream = try await proxy.chat(ProxyHarness.chatBody("anything", stream: true))
            #expect(stream.events.last?.json?["error"]?["code"] == "context_length_exceeded")
        }
    }

    @Test("worker overload (-32001) on turn/start is a retryable 503")
    func workerOverload() async throws {
        try await ProxyHarness.run(behaviour: ["overload": ["everyNth": 1]]) { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("hi"))
            #expect(exchange.status == 503)
            #expect(exchange.error?["code"] == "worker_overloaded")
            #expect(exchange.error?["retryable"] == true)
        }
    }

    @Test("approval requests from the worker are declined and the turn still completes")
    func approvalsDeclined() async throws {
        try await ProxyHarness.run { proxy in
            let exchange = try await proxy.chat(ProxyHarness.chatBody("ASKAPPROVAL now"))
            #expect(exchange.status == 200)
            let reply = try #require(try proxy.workerEvents().first { $0["event"] == "received" && $0["kind"] == "response" })
            #expect(reply["result"]?["decision"] == "decline")
            #expect(try proxy.workerEvents().contains { $0["event"] == "approvalDecision" && $0["decision"] == "decline" })
            #expect(proxy.logged("worker_request_declined").count == 1)
        }
    }
}
