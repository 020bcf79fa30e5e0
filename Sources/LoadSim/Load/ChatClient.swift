import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OrderedJSON

/// A well-behaved OpenAI client on AsyncHTTPClient: sends one chat completion (streaming or
/// not), reads the whole response within a deadline, times first byte, first token and end, and
/// judges the result by the accounting rules.
struct ChatClient: Sendable {
    let http: HTTP
    let baseURL: String
    let apiKey: String
    let model: String

    static func requestBody(model: String, prompt: String, stream: Bool) -> [UInt8] {
        let body: JSONValue = ["model": .string(model), "stream": .bool(stream), "messages": [["role": "user", "content": .string(prompt)]]]
        return body.jsonBytes
    }

    /// Sends one request; `clock` gives milliseconds since the load started.
    /// A request that started after the scenario sent SIGTERM (`proxyTerminatedAt`) and got no
    /// response because the listener was gone or closed its connection counts as refused.
    func send(prompt: String, stream: Bool, timeoutMs: Int, clock: LoadClock, proxyTerminatedAt: @Sendable () -> Double?) async -> RequestRecord {
        let started = clock.now()
        var record = RequestRecord(client: stream ? "stream" : "json", startMs: started, endMs: started, outcome: .unaccounted)
        var request = HTTPClientRequest(url: baseURL + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.body = .bytes(ByteBuffer(bytes: Self.requestBody(model: model, prompt: prompt, stream: stream)))
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeoutMs))
        do {
            let response = try await http.client.execute(request, deadline: deadline)
            record.status = Int(response.status.code)
            var body: [UInt8] = []
            var scanner = FirstTokenScanner()
            for try await chunk in response.body {
                if record.firstByteMs == nil { record.firstByteMs = clock.now() }
                body.append(contentsOf: chunk.readableBytesView)
                if stream, record.firstTokenMs == nil, scanner.feed(chunk.readableBytesView) { record.firstTokenMs = clock.now() }
                guard body.count <= 1 << 26 else { break }
            }
            let verdict = ResponseJudge.judge(status: Int(response.status.code), body: body, retryAfter: response.headers.first(name: "retry-after"), stream: stream)
            record.outcome = verdict.outcome
            record.code = verdict.code
            record.retryable = verdict.retryable
            record.detail = verdict.detail
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            record.detail = UnaccountedReason.hang.rawValue
        } catch {
            if record.status == nil, let terminated = proxyTerminatedAt(), started >= terminated {
                record.outcome = .refused
            } else {
                record.detail = record.status == nil ? "\(UnaccountedReason.connectionFailed.rawValue): \(String(describing: error).prefix(120))" : UnaccountedReason.streamCut.rawValue
            }
        }
        record.endMs = clock.now()
        return record
    }

}

/// Finds the first SSE event that carries a non-empty content delta, across chunk boundaries.
struct FirstTokenScanner {
    private var pending: [UInt8] = []

    /// Adds bytes; true once a content delta has been seen.
    mutating func feed(_ bytes: some Collection<UInt8>) -> Bool {
        pending.append(contentsOf: bytes)
        while let end = Self.eventEnd(in: pending) {
            let event = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeSubrange(..<(end + 2))
            for line in event.split(separator: "\n") where line.hasPrefix("data:") {
                if let json = try? JSONParser().parse(String(line.dropFirst(5).trimmingPrefix(" "))),
                    let content = json["choices"]?[0]?["delta"]?["content"]?.stringValue, !content.isEmpty
                {
                    return true
                }
            }
        }
        if pending.count > 1 << 20 { pending.removeAll() }
        return false
    }

    private static func eventEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }
}

/// Milliseconds since a fixed start.
struct LoadClock: Sendable {
    let start: ContinuousClock.Instant

    init(start: ContinuousClock.Instant = .now) {
        self.start = start
    }

    func now() -> Double { (ContinuousClock.now - start).fractionalMilliseconds }
}

extension Duration {
    var fractionalMilliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }

    var seconds: Double { fractionalMilliseconds / 1000 }
}
