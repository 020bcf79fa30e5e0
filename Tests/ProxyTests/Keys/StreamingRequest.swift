import AsyncHTTPClient
import Foundation
import NIOCore
import OrderedJSON
import Synchronization

/// A streaming request whose body is read in the background, so a test can act while the
/// response is still open (cancel it, or change the proxy under it) and read it to the end later.
final class StreamingRequest: Sendable {
    let status: Int
    private let received: TextBuffer
    private let reader: Task<Void, any Error>

    private init(status: Int, received: TextBuffer, reader: Task<Void, any Error>) {
        self.status = status
        self.received = received
        self.reader = reader
    }

    /// Sends `body` and returns once the response head has arrived.
    static func open(_ endpoint: some ProxyEndpoint, body: JSONValue, headers: [(String, String)]) async throws -> StreamingRequest {
        var request = HTTPClientRequest(url: endpoint.baseURL + "/v1/chat/completions")
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let received = TextBuffer()
        let reader = Task {
            for try await chunk in response.body {
                received.append(String(buffer: chunk))
            }
        }
        return StreamingRequest(status: Int(response.status.code), received: received, reader: reader)
    }

    /// Everything received so far.
    var text: String { received.text }

    /// Waits until the body received so far contains `fragment`.
    func waitFor(_ fragment: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !text.contains(fragment) {
            guard ContinuousClock.now < deadline else { throw HarnessError.timedOut("'\(fragment)' in the stream: \(text)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for the body to end and returns it split into events.
    func finish(timeout: Duration = .seconds(30)) async throws -> [SSEEvent] {
        let reader = reader
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await reader.value }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw HarnessError.timedOut("the end of the stream")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return SSEEvent.parse(text)
    }

    /// Drops the connection (the client goes away).
    func cancel() {
        reader.cancel()
    }
}

/// The text a background reader appends to.
private final class TextBuffer: Sendable {
    private let storage = Mutex("")
    func append(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}
