import CodexAppServer
import Synchronization

/// A turn that holds a concurrency slot and a subscribed thread on one worker.
///
/// ``finish(completed:)`` gives everything back exactly once: it interrupts the turn on the
/// worker unless it completed, stops routing its events, unsubscribes the thread (so the worker
/// can free it), lets go of the worker (a retiring one may then stop) and releases the slot.
/// If the response is dropped without finishing (a client gone before the body was written),
/// `deinit` does the same, so a slot can never leak.
final class ActiveTurn: Sendable {
    let threadID: String
    let turnID: String
    let events: AsyncStream<TurnStreamItem>
    /// Lets the consumer's ticker inject ``TurnStreamItem/tick``.
    let ticks: AsyncStream<TurnStreamItem>.Continuation
    private let connection: AppServerConnection
    private let trace: TraceRecorder?
    private let permit: ConcurrencyGate.Permit
    private let reservation: AppServerConnection.TurnReservation
    private let finished = Atomic(false)

    init(
        threadID: String,
        turnID: String,
        subscription: (AsyncStream<TurnStreamItem>, AsyncStream<TurnStreamItem>.Continuation),
        connection: AppServerConnection,
        trace: TraceRecorder?,
        permit: ConcurrencyGate.Permit,
        reservation: AppServerConnection.TurnReservation
    ) {
        self.threadID = threadID
        self.turnID = turnID
        (events, ticks) = subscription
        self.connection = connection
        self.trace = trace
        self.permit = permit
        self.reservation = reservation
    }

    /// Returns the turn's resources; `completed: false` interrupts it on the worker first.
    func finish(completed: Bool) {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if !completed {
            connection.send(AppServerMethod.turnInterrupt, params: TurnInterruptParams(threadID: threadID, turnID: turnID).json, trace: trace)
        }
        connection.unsubscribe(threadID: threadID)
        connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)], trace: trace)
        reservation.release()
        permit.release()
    }

    deinit {
        finish(completed: false)
    }
}
