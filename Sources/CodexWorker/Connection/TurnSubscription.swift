import CodexAppServer
import Synchronization

/// The events of one subscribed thread, in order, in a buffer of bounded size.
///
/// The worker's stdout is shared by every turn, so a slow consumer cannot push back on it; a
/// consumer that falls more than `limit` items behind is cut off instead: the stream ends and
/// ``overflowed`` turns true, so memory per turn stays bounded whatever the client does.
public final class TurnSubscription: Sendable {
    public let threadID: String
    public let events: AsyncStream<TurnStreamItem>
    private let continuation: AsyncStream<TurnStreamItem>.Continuation
    private let overflow = Atomic(false)
    let recorder: (any FrameRecorder)?
    /// Whether the turn owns the client function calls of its thread: `item/tool/call` requests
    /// for it are left unanswered (the turn returns them to its client and interrupts).
    let ownsClientCalls: Bool
    /// Whether agent message deltas are delivered (see ``AppServerConnection/subscribe(threadID:bufferLimit:trace:ownsClientCalls:deliversDeltas:)``).
    let deliversDeltas: Bool

    init(threadID: String, limit: Int, recorder: (any FrameRecorder)?, ownsClientCalls: Bool = false, deliversDeltas: Bool = true) {
        self.threadID = threadID
        self.recorder = recorder
        self.ownsClientCalls = ownsClientCalls
        self.deliversDeltas = deliversDeltas
        (events, continuation) = AsyncStream.makeStream(of: TurnStreamItem.self, bufferingPolicy: .bufferingOldest(limit))
    }

    /// Whether the consumer fell too far behind and the stream was cut.
    public var overflowed: Bool { overflow.load(ordering: .acquiring) }

    /// Wakes the consumer so it re-checks its conditions (dropped when the buffer is full:
    /// the consumer has items to read anyway).
    public func wake() {
        continuation.yield(.wake)
    }

    /// Delivers a worker item; a full buffer cuts the stream.
    func deliver(_ item: TurnStreamItem) {
        if case .dropped = continuation.yield(item) {
            overflow.store(true, ordering: .releasing)
            continuation.finish()
        }
    }

    /// Ends the stream (unsubscribed or worker gone).
    func finish() {
        continuation.finish()
    }
}
