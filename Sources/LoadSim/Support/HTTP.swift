import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The few HTTP calls loadsim makes, on the shared AsyncHTTPClient.
enum HTTP {
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
    }

    static func get(_ url: String, timeout: TimeAmount = .seconds(5)) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), body: Array(body.readableBytesView))
    }

    /// Posts `body` and reads the whole response; for SSE that is the whole stream.
    static func post(_ url: String, body: [UInt8], bearer: String?, timeout: TimeAmount = .seconds(120)) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), body: Array(collected.readableBytesView))
    }
}
