import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedJSON

/// A finished HTTP exchange with the proxy.
struct HTTPExchange: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The body parsed as JSON (fails the test when it is not).
    var json: JSONValue {
        get throws { try JSONParser().parse(body) }
    }

    /// The OpenAI error object of an error response.
    var error: JSONValue? {
        (try? json)?["error"]
    }

    func header(_ name: String) -> String? {
        headers.first(name: name)
    }

    /// The body split into SSE events.
    var events: [SSEEvent] {
        SSEEvent.parse(String(decoding: body, as: UTF8.self))
    }
}

/// One server-sent event of a chat completion stream.
enum SSEEvent: Sendable, Equatable {
    case data(JSONValue)
    case done
    case comment(String)

    static func parse(_ text: String) -> [SSEEvent] {
        text.components(separatedBy: "\n\n").compactMap { block -> SSEEvent? in
            let block = block.trimmingCharacters(in: .newlines)
            guard !block.isEmpty else { return nil }
            if block.hasPrefix(":") { return .comment(String(block.dropFirst()).trimmingCharacters(in: .whitespaces)) }
            guard block.hasPrefix("data: ") else { return .comment("unexpected: \(block)") }
            let payload = String(block.dropFirst(6))
            if payload == "[DONE]" { return .done }
            return (try? JSONParser().parse(payload)).map(SSEEvent.data) ?? .comment("unparseable: \(payload)")
        }
    }

    var json: JSONValue? {
        if case .data(let value) = self { return value }
        return nil
    }
}

/// Anything with a proxy's base URL: the in-process harness or a proxy child process.
protocol ProxyEndpoint: Sendable {
    var baseURL: String { get }
}

extension ProxyEndpoint {
    /// Polls `condition` every 5 ms until it holds; fails the test after `timeout`.
    func waitUntil(_ what: String, timeout: Duration, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw HarnessError.timedOut(what)
    }

    /// Sends a request and collects the whole response.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        body: [UInt8]? = nil,
        headers: [(String, String)] = [],
        authorized: Bool = true,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPExchange {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if authorized { request.headers.add(name: "Authorization", value: "Bearer \(ProxyHarness.apiKey)") }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return HTTPExchange(status: Int(response.status.code), headers: response.headers, body: Array(collected.readableBytesView))
    }

    func get(_ path: String, authorized: Bool = true, headers: [(String, String)] = []) async throws -> HTTPExchange {
        try await send(.GET, path, headers: headers, authorized: authorized)
    }

    /// `POST /v1/chat/completions` with `body`.
    func chat(_ body: JSONValue, headers: [(String, String)] = [], authorized: Bool = true) async throws -> HTTPExchange {
        try await send(.POST, "/v1/chat/completions", body: body.jsonBytes, headers: headers, authorized: authorized)
    }

}

extension ProxyHarness {
    /// A chat completion request body with one user message.
    static func chatBody(_ text: String, model: String = "gpt-5.1-codex", stream: Bool = false, includeUsage: Bool? = nil) -> JSONValue {
        var object: JSONObject = ["model": .string(model), "messages": [["role": "user", "content": .string(text)]]]
        if stream { object["stream"] = true }
        if let includeUsage { object["stream_options"] = ["include_usage": .bool(includeUsage)] }
        return .object(object)
    }
}
