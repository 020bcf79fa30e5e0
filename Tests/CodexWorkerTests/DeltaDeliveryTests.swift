@testable import CodexWorker
import CodexAppServer
import Logging
import Testing

/// A subscription for a consumer that answers in one piece gets each agent message whole, from
/// its `item/completed`, and none of the deltas; a streaming consumer gets both.
@Suite("Delta delivery")
struct DeltaDeliveryTests {
    static let lines = [
        #"{"method":"item/agentMessage/delta","params":{"threadId":"t1","turnId":"u1","itemId":"m1","delta":"Hel"}}"#,
        #"{"method":"item/agentMessage/delta","params":{"threadId":"t1","turnId":"u1","itemId":"m1","delta":"lo"}}"#,
        #"{"method":"item/completed","params":{"threadId":"t1","turnId":"u1","item":{"type":"agentMessage","id":"m1","text":"Hello"}}}"#,
        #"{"method":"turn/completed","params":{"threadId":"t1","turn":{"id":"u1","status":"completed","items":[]}}}"#,
    ]

    static func events(deliversDeltas: Bool) async -> [TurnEvent] {
        let connection = AppServerConnection(logger: Logger(label: "test"))
        let subscription = connection.subscribe(threadID: "t1", deliversDeltas: deliversDeltas)
        for line in lines { connection.receive(line: Array(line.utf8)) }
        connection.unsubscribe(threadID: "t1")
        var events: [TurnEvent] = []
        for await item in subscription.events {
            if case .event(let event) = item { events.append(event) }
        }
        return events
    }

    @Test("without deltas: the completed message and the turn's end, nothing per token")
    func withoutDeltas() async {
        #expect(await Self.events(deliversDeltas: false) == [
            .agentMessageCompleted(itemID: "m1", text: "Hello"), .completed(turnID: "u1", status: .completed, error: nil),
        ])
    }

    @Test("with deltas: every delta, then the completed message")
    func withDeltas() async {
        #expect(await Self.events(deliversDeltas: true) == [
            .agentMessageDelta(itemID: "m1", delta: "Hel"), .agentMessageDelta(itemID: "m1", delta: "lo"),
            .agentMessageCompleted(itemID: "m1", text: "Hello"), .completed(turnID: "u1", status: .completed, error: nil),
        ])
    }
}
