import Foundation
import OrderedJSON
import Testing

/// Slow, truncated and malformed clients on real sockets (issue 10, findings 1, 5 and 7).
@Suite("HTTP hardening", .timeLimit(.minutes(2)))
struct HTTPHardeningTests {
    static let timeouts = [
        "PROXY_HTTP_IDLE_TIMEOUT_MS": "600", "PROXY_HTTP_HEAD_TIMEOUT_MS": "600", "PROXY_HTTP_BODY_TIMEOUT_MS": "600",
    ]

    /// A raw HTTP/1.1 response: status, headers (lowercased names) and body.
    struct RawResponse {
        var status: Int
        var headers: [String: String]
        var body: String

        init?(_ text: String) {
            guard let split = text.range(of: "\r\n\r\n") else { return nil }
            let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
            guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "), let status = Int(statusLine.dropFirst(9).prefix(3)) else { return nil }
            self.status = status
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            self.headers = headers
            self.body = String(text[split.upperBound...])
        }

        var error: JSONValue? { (try? JSONParser().parse(Array(body.utf8)))?["error"] }
    }

    @Test("finding 1: a connection that sends nothing is closed after the idle timeout")
    func idleConnectionIsClosed() async throws {
        try await ProxyHarness.run(environment: Self.timeouts) { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            #expect(!connection.isClosed)
            #expect(try await connection.waitForClose(timeout: .seconds(15)), "the silent connection is still open")
            #expect(connection.text.isEmpty)
        }
    }

    @Test("finding 1: an idle keep-alive connection is closed after its response, not kept forever")
    func idleKeepAliveIsClosed() async throws {
        try await ProxyHarness.run(environment: Self.timeouts) { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            try await connection.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            #expect(RawResponse(connection.text)?.status == 200)
        }
    }

    @Test("finding 1: a request head trickled one byte at a time is cut off by the head timeout")
    func trickledHeadIsCutOff() async throws {
        // Idle is long here: only the head timeout can end this connection.
        var environment = Self.timeouts
        environment["PROXY_HTTP_IDLE_TIMEOUT_MS"] = "60000"
        try await ProxyHarness.run(environment: environment) { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            let head = "GET /livez HTTP/1.1\r\nHost: x\r\nX-Padding: " + String(repeating: "a", count: 400) + "\r\n\r\n"
            let sent = try await connection.trickle(head, pause: .milliseconds(50))
            #expect(sent < head.utf8.count, "the whole head went out: the trickle was never cut off")
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            #expect(connection.text.isEmpty, "no response to a request that never arrived")
        }
    }

    @Test("finding 1: a body trickled one byte at a time gets 408 request_body_timeout and the connection closes")
    func trickledBodyGets408() async throws {
        var environment = Self.timeouts
        environment["PROXY_HTTP_IDLE_TIMEOUT_MS"] = "60000"
        try await ProxyHarness.run(environment: environment) { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            let body = String(repeating: " ", count: 500) + "{}"
            try await connection.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ProxyHarness.apiKey)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            )
            let sent = try await connection.trickle(body, pause: .milliseconds(50))
            #expect(sent < body.utf8.count)
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            let response = try #require(RawResponse(connection.text), "no response: \(connection.text)")
            #expect(response.status == 408)
            #expect(response.error?["code"]?.stringValue == "request_body_timeout")
            #expect(response.headers["x-should-retry"] == "false")
        }
    }

    @Test("finding 1: past PROXY_MAX_CONNECTIONS a connection gets a clean 503, and a freed place admits again")
    func connectionCap() async throws {
        var environment = Self.timeouts
        environment["PROXY_HTTP_IDLE_TIMEOUT_MS"] = "60000"
        environment["PROXY_MAX_CONNECTIONS"] = "2"
        try await ProxyHarness.run(environment: environment) { proxy in
            let first = try await RawConnection.open(proxy.baseURL)
            let second = try await RawConnection.open(proxy.baseURL)
            defer { second.close() }
            for connection in [first, second] {
                try await connection.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            }
            try await proxy.waitUntil("both answered", timeout: .seconds(15)) { first.text.contains("\r\n\r\n") && second.text.contains("\r\n\r\n") }
            let refused = try await RawConnection.open(proxy.baseURL)
            defer { refused.close() }
            try await refused.send("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await refused.waitForClose(timeout: .seconds(15)))
            let response = try #require(RawResponse(refused.text), "no response: \(refused.text)")
            #expect(response.status == 503)
            #expect(response.error?["code"]?.stringValue == "too_many_connections")
            #expect(response.error?["retryable"]?.boolValue == true)
            #expect(response.headers["retry-after"] == "1")
            #expect(response.headers["x-should-retry"] == "true")
            #expect(response.headers["connection"] == "close")

            first.close()
            try await proxy.waitUntil("a place is free", timeout: .seconds(15)) {
                let again = try await RawConnection.open(proxy.baseURL)
                defer { again.close() }
                try await again.send("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                _ = try await again.waitForClose(timeout: .seconds(5))
                return RawResponse(again.text)?.status == 200
            }
        }
    }

    @Test("finding 5: a body shorter than its Content-Length, then FIN, answers 400 truncated_body")
    func truncatedBody() async throws {
        try await ProxyHarness.run { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            try await connection.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ProxyHarness.apiKey)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":"
            )
            try await connection.finishSending()
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            let response = try #require(RawResponse(connection.text), "no response: \(connection.text)")
            #expect(response.status == 400)
            #expect(response.error?["type"]?.stringValue == "invalid_request_error")
            #expect(response.error?["code"]?.stringValue == "truncated_body")
            #expect(response.headers["x-should-retry"] == "false")
        }
    }

    @Test("finding 5: a chunk size that is not hexadecimal answers 400 invalid_chunk")
    func badChunkSize() async throws {
        try await ProxyHarness.run { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            try await connection.send(
                "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ProxyHarness.apiKey)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\nzz\r\nabc\r\n"
            )
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            let response = try #require(RawResponse(connection.text), "no response: \(connection.text)")
            #expect(response.status == 400)
            #expect(response.error?["code"]?.stringValue == "invalid_chunk")
        }
    }

    @Test(
        "finding 7: a malformed request head answers OpenAI-shaped JSON 400 naming the problem",
        arguments: [
            ("GET /livez HTTP/1.1\r\nHost: x\r\nX-Bad: a\u{01}b\r\n\r\n", "invalid_header"),
            ("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 90 * 1024) + "\r\n\r\n", "headers_too_large"),
        ]
    )
    func malformedHeadIsJSON(request: String, code: String) async throws {
        try await ProxyHarness.run { proxy in
            let connection = try await RawConnection.open(proxy.baseURL)
            defer { connection.close() }
            try? await connection.send(request)
            #expect(try await connection.waitForClose(timeout: .seconds(15)))
            let response = try #require(RawResponse(connection.text), "no response: \(connection.text)")
            #expect(response.status == 400)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.error?["code"]?.stringValue == code)
            #expect(response.error?["type"]?.stringValue == "invalid_request_error")
            #expect(response.headers["x-should-retry"] == "false")
        }
    }

    @Test("finding 7: an unknown model's name is quoted to at most 256 characters in the 404")
    func longModelNameIsNotEchoed() async throws {
        try await ProxyHarness.run { proxy in
            let model = String(repeating: "m", count: 900_000)
            let exchange = try await proxy.chat(ProxyHarness.chatBody("hi", model: model))
            #expect(exchange.status == 404)
            let message = try #require(exchange.error?["message"]?.stringValue)
            #expect(message.count < 256 + 200, "message of \(message.count) characters")
            #expect(exchange.body.count < 2_048)
            #expect(exchange.header("x-should-retry") == "false")
        }
    }
}
