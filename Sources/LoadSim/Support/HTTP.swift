import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP calls loadsim makes, on a client whose connection pool is as wide as the load: the
/// shared client's 8 connections per host would queue requests in the client and be measured
/// as proxy latency.
struct HTTP: Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: [UInt8]
    }

    let client: HTTPClient

    /// Runs `body` with a client of `connections` connections per host, shut down afterwards.
    static func withClient<Result: Sendable>(connections: Int, _ body: (HTTP) async throws -> Result) async throws -> Result {
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: .init(connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections))
        )
        do {
            let result = try await body(HTTP(client: client))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func get(_ url: String, timeout: TimeAmount = .seconds(5)) async throws -> Reply {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), body: Array(body.readableBytesView))
    }

    /// Posts `body` and reads the whole response; for SSE that is the whole stream.
    func post(_ url: String, body: [UInt8], bearer: String?, timeout: TimeAmount = .seconds(120)) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout)
        let collected = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), body: Array(collected.readableBytesView))
    }
}
