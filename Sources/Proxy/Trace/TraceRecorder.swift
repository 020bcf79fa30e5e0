import CodexAppServer
import Synchronization

/// Collects the JSON-RPC frames one request caused, in order, for the trace buffer.
///
/// Frames are kept as they were exchanged; redaction happens once, when the trace is written.
public final class TraceRecorder: Sendable {
    /// Which way a frame travelled.
    public typealias Direction = FrameDirection

    public let requestID: String
    let started: ContinuousClock.Instant
    private let events = Mutex<[JSONValue]>([])

    init(requestID: String) {
        self.requestID = requestID
        self.started = .now
    }

    /// Records one frame with its direction and the time since the request started.
    public func record(_ message: RPCMessage, direction: Direction) {
        var event: JSONObject
        switch message {
        case .request(let request):
            event = ["type": "rpc_request", "method": .string(request.method), "id": request.id.json]
            if let params = request.params { event["params"] = params }
        case .notification(let notification):
            event = ["type": "notification", "method": .string(notification.method)]
            if let params = notification.params { event["params"] = params }
        case .response(let response):
            event = ["type": "rpc_response", "id": response.id.json, "result": response.result]
        case .error(let response):
            event = ["type": "rpc_error", "id": response.id?.json ?? .null, "error": response.error.json]
        }
        event["direction"] = .string(direction.rawValue)
        event["at_ms"] = .double(((ContinuousClock.now - started).fractionalMilliseconds * 1000).rounded() / 1000)
        event["redacted"] = true
        events.withLock { $0.append(.object(event)) }
    }

    /// The recorded frames.
    var recorded: [JSONValue] {
        events.withLock { $0 }
    }
}
