import CodexAppServer
import Synchronization

/// Collects the JSON-RPC frames one request caused, in order, for the trace buffer.
///
/// Frames are kept as they were exchanged; redaction happens once, when the trace is written.
/// Streaming deltas of one item (`item/…/delta` notifications with an `itemId` and a string
/// `delta`) are joined into one record holding the item's whole text, so that a secret split
/// over many deltas is redacted whole, and a long reply costs one record instead of one frame
/// per delta. What is kept in memory is bounded by the trace file's size limit.
public final class TraceRecorder: Sendable {
    /// Which way a frame travelled.
    public typealias Direction = FrameDirection

    /// The request id the proxy echoed (a client's accepted `X-Request-Id`, or the proxy's own).
    /// Recorded inside the file, redacted; never part of a path.
    public let requestID: String
    /// The proxy's own id for this trace (`req_<random>`): the only id in the file name, distinct
    /// for every request even when clients reuse an `X-Request-Id`.
    public let traceID: String
    let started: ContinuousClock.Instant
    private let state: Mutex<TraceEvents>

    init(requestID: String, maxBytes: Int) {
        self.requestID = requestID
        self.traceID = RequestIdentifier.generate()
        self.started = .now
        self.state = Mutex(TraceEvents(budget: maxBytes))
    }

    /// Records one frame with its direction and the time since the request started. The frame
    /// is kept as it is; its trace event is built when the trace is written (on the writer
    /// thread, and only for traces that reach the disk).
    public func record(_ message: RPCMessage, direction: Direction) {
        let atMilliseconds = ((ContinuousClock.now - started).fractionalMilliseconds * 1000).rounded() / 1000
        if case .notification(let notification) = message, let delta = TraceEvents.Delta(notification) {
            state.withLock { $0.append(delta, direction: direction, at: atMilliseconds) }
            return
        }
        state.withLock { $0.append(TraceEvents.Frame(message: message, direction: direction, at: atMilliseconds)) }
    }

    /// The recorded events (joined deltas as one record each) and how many frames were left out
    /// because the recorder reached its size bound.
    var recorded: (events: [JSONValue], dropped: Int) {
        state.withLock { ($0.events, $0.dropped) }
    }
}

/// The events of one trace, with deltas joined per item, within a byte budget.
struct TraceEvents {
    /// One streaming delta notification.
    struct Delta {
        var method: String
        var threadID: String?
        var turnID: String?
        var itemID: String
        var text: String

        init?(_ notification: RPCNotification) {
            guard notification.method.hasSuffix("elta"), let params = notification.params, let itemID = params["itemId"]?.stringValue,
                let text = params["delta"]?.stringValue
            else { return nil }
            method = notification.method
            threadID = params["threadId"]?.stringValue
            turnID = params["turnId"]?.stringValue
            self.itemID = itemID
            self.text = text
        }
    }

    private struct Joined {
        var index: Int
        var delta: Delta
        var count: Int
        var direction: TraceRecorder.Direction
        var at: Double
    }

    /// One frame as exchanged, with when and which way.
    struct Frame {
        var message: RPCMessage
        var direction: TraceRecorder.Direction
        var at: Double

        /// The frame's trace event: `{"type", "method"?, "id"?, "params"|"result"|"error", "direction", "at_ms", "redacted"}`.
        var event: JSONValue {
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
            event["at_ms"] = .double(at)
            event["redacted"] = true
            return .object(event)
        }

        /// About the event's serialized size: its payload's estimate plus the envelope's keys.
        var estimatedSize: Int {
            switch message {
            case .request(let request): 110 + request.method.utf8.count + (request.params.map(TraceEvents.estimatedSize) ?? 0)
            case .notification(let notification): 90 + notification.method.utf8.count + (notification.params.map(TraceEvents.estimatedSize) ?? 0)
            case .response(let response): 100 + TraceEvents.estimatedSize(response.result)
            case .error(let response): 120 + response.error.message.utf8.count + (response.error.data.map(TraceEvents.estimatedSize) ?? 0)
            }
        }
    }

    /// Frames take about their serialized size from the budget; past it they are dropped.
    private var remaining: Int
    private(set) var dropped = 0
    private var frames: [Frame?] = []
    private var joined: [String: Joined] = [:]

    init(budget: Int) {
        remaining = budget
    }

    mutating func append(_ frame: Frame) {
        let size = frame.estimatedSize
        guard size <= remaining else {
            dropped += 1
            return
        }
        remaining -= size
        frames.append(frame)
    }

    mutating func append(_ delta: Delta, direction: TraceRecorder.Direction, at: Double) {
        let key = delta.method + "\u{0}" + delta.itemID
        guard delta.text.utf8.count <= remaining else {
            dropped += 1
            return
        }
        remaining -= delta.text.utf8.count
        if joined[key] != nil {
            // In place: copying the record out would copy its text on every delta.
            joined[key]!.delta.text += delta.text
            joined[key]!.count += 1
        } else {
            remaining -= 160
            joined[key] = Joined(index: frames.count, delta: delta, count: 1, direction: direction, at: at)
            frames.append(nil)
        }
    }

    /// About the serialized size of `value`, without serializing it (on the request's path):
    /// strings count their UTF-8 bytes, escapes are not counted. The file's own cap is exact
    /// (``TraceDocument``); this one bounds what a recorder holds in memory.
    static func estimatedSize(_ value: JSONValue) -> Int {
        switch value {
        case .null, .bool: 5
        case .integer, .double: 20
        case .string(let string): string.utf8.count + 2
        case .array(let elements): elements.reduce(2) { $0 + estimatedSize($1) + 1 }
        case .object(let object): object.reduce(2) { $0 + $1.key.utf8.count + 4 + estimatedSize($1.value) }
        }
    }

    /// Frames in order; each joined item sits where its first delta arrived.
    var events: [JSONValue] {
        var result = frames.map { $0?.event }
        for item in joined.values {
            var params: JSONObject = ["itemId": .string(item.delta.itemID), "delta": .string(item.delta.text)]
            if let threadID = item.delta.threadID { params["threadId"] = .string(threadID) }
            if let turnID = item.delta.turnID { params["turnId"] = .string(turnID) }
            result[item.index] = [
                "type": "notification", "method": .string(item.delta.method), "params": .object(params), "joined_deltas": .integer(Int64(item.count)),
                "direction": .string(item.direction.rawValue), "at_ms": .double(item.at), "redacted": true,
            ]
        }
        return result.compactMap { $0 }
    }
}
