import CodexAppServer
import ConformanceKit
import Foundation

/// Short-hands for driving a session in tests.
extension AppServerSession {
    static let defaultWait: Duration = .seconds(10)

    /// Sends a request built from JSON values.
    func request(_ id: JSONValue, _ method: String, _ params: JSONValue? = nil) async throws {
        var object: JSONObject = ["id": id, "method": .string(method)]
        if let params { object["params"] = params }
        try await send(JSONValue.object(object).jsonString)
    }

    /// The parsed server messages so far.
    func messages() -> [ServerMessage] { receivedLines.map(ServerMessage.init(line:)) }

    /// The reply (response or error) to request `id`, waiting for it.
    func reply(to id: JSONValue, timeout: Duration = defaultWait) async -> JSONValue? {
        let requestID = RequestID(json: id)!
        _ = await waitUntil(timeout: timeout) { lines in lines.contains { Self.isReply($0, to: requestID) } }
        return receivedLines.first { Self.isReply($0, to: requestID) }.flatMap { try? JSONParser().parse($0) }
    }

    /// Waits until `count` notifications (or server requests) with `method` arrived.
    @discardableResult
    func waitFor(_ method: String, count: Int = 1, timeout: Duration = defaultWait) async -> Bool {
        await waitUntil(timeout: timeout) { lines in lines.filter { ServerMessage(line: $0).method == method }.count >= count }
    }

    /// Every message with `method`, parsed.
    func all(_ method: String) -> [JSONValue] {
        messages().filter { $0.method == method }.compactMap(\.json)
    }

    /// initialize + initialized; returns the initialize result.
    @discardableResult
    func handshake(name: String = "fake_probe") async throws -> JSONValue? {
        try await request(0, "initialize", ["clientInfo": ["name": .string(name), "title": nil, "version": "0.0.1"]])
        let reply = await reply(to: 0)
        try await send(#"{"method":"initialized"}"#)
        return reply?["result"]
    }

    /// thread/start with the proxy's settings; returns the thread id.
    func startThread(id: JSONValue = "thread-start", approvalPolicy: String = "never", sandbox: String = "read-only") async throws -> String {
        try await request(id, "thread/start", ["approvalPolicy": .string(approvalPolicy), "sandbox": .string(sandbox), "ephemeral": true])
        return await reply(to: id)?["result"]?["thread"]?["id"]?.stringValue ?? ""
    }

    /// turn/start with text input; returns the turn id.
    func startTurn(id: JSONValue, threadID: String, text: String) async throws -> String {
        try await request(id, "turn/start", ["threadId": .string(threadID), "input": [["type": "text", "text": .string(text)]]])
        return await reply(to: id)?["result"]?["turn"]?["id"]?.stringValue ?? ""
    }

    private static func isReply(_ line: String, to id: RequestID) -> Bool {
        switch ServerMessage(line: line).kind {
        case .response(let replyID), .error(.some(let replyID)): replyID == id
        default: false
        }
    }
}

extension AppServerSession {
    /// Sends SIGTERM and returns how long the process took to end (up to 5 s).
    func terminateAndTimeExit() async -> Duration {
        let sent = ContinuousClock.now
        await send(signal: .terminate)
        _ = await waitUntil(timeout: .seconds(5)) { _ in false }
        return ContinuousClock.now - sent
    }
}
