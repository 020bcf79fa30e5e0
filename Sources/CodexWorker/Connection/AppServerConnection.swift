import CodexAppServer
import Logging
import Synchronization

/// The proxy's end of one worker's JSON-RPC channel: requests multiplexed by id, notifications
/// routed to turns by thread id, server requests answered by policy.
///
/// Lines to send go to the worker's stdin once the process attaches it (``attachInput(_:)``);
/// lines read from stdout come in through ``receive(line:)``. When the process ends, ``close(exit:)`` fails every
/// waiting request and tells every subscribed turn, so nothing waits forever on a dead worker.
///
/// The pending-request table holds only requests whose reply someone still wants: a waiting
/// caller, or a handler for a reply that arrives after its caller gave up. Fire-and-forget sends
/// register nothing, so a worker that never answers them grows nothing.
public final class AppServerConnection: Sendable {
    private struct State {
        var nextRequestID: Int64 = 1
        var pending: [RequestID: Pending] = [:]
        var threads: [String: TurnSubscription] = [:]
        /// Subscriptions that record frames (a trace): then every notification is parsed.
        var recordingThreads = 0
        var turnsStarted = 0
        var reservedTurns = 0
        var retiring = false
        var closed = false
        var exit: WorkerExit?
    }

    private struct Pending {
        var method: String
        /// The waiting caller; `nil` once it gave up.
        var continuation: CheckedContinuation<JSONValue, any Error>?
        /// Called with a reply that arrives after the caller gave up (e.g. to interrupt a turn
        /// whose `turn/start` answered too late).
        var lateReply: (@Sendable (Result<JSONValue, WorkerError>) -> Void)?
        var trace: (any FrameRecorder)?
    }

    /// The worker's stdin: lines wait in `unattached` until the process runs, none after `closed`.
    private enum Input {
        case unattached([[UInt8]])
        case attached(any WorkerInput)
        case closed
    }

    private let input = Mutex(Input.unattached([]))
    private let state = Mutex(State())
    private let policy = ServerRequestPolicy()
    private let parser = JSONParser()
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    // MARK: Sending

    /// Sends a request and waits for its result; throws ``WorkerError`` for an error reply or a dead
    /// worker. Cancelling the calling task abandons the wait: the entry is dropped, unless
    /// `lateReply` is given, which then receives the reply (or the worker's death) when it comes.
    /// `trace` records the request and its reply.
    public func request(
        _ method: String,
        params: JSONValue,
        trace: (any FrameRecorder)? = nil,
        lateReply: (@Sendable (Result<JSONValue, WorkerError>) -> Void)? = nil
    ) async throws -> JSONValue {
        let id = state.withLock { state -> RequestID in
            defer { state.nextRequestID += 1 }
            return .integer(state.nextRequestID)
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let registered = state.withLock { state -> Bool in
                    guard !state.closed, !Task.isCancelled else { return false }
                    state.pending[id] = Pending(method: method, continuation: continuation, lateReply: lateReply, trace: trace)
                    return true
                }
                guard registered else {
                    let exit = state.withLock { $0.exit }
                    continuation.resume(throwing: Task.isCancelled ? CancellationError() : WorkerError.exited(exit))
                    return
                }
                write(.request(RPCRequest(id: id, method: method, params: params)), trace: trace)
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<JSONValue, any Error>? in
                guard var pending = state.pending[id] else { return nil }
                let waiting = pending.continuation
                if pending.lateReply == nil {
                    state.pending[id] = nil
                } else {
                    pending.continuation = nil
                    state.pending[id] = pending
                }
                return waiting
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Sends a request whose reply nobody waits for (interrupts, unsubscribes on cleanup); its
    /// reply is dropped. Safe to call from synchronous code, e.g. while finishing a turn.
    public func send(_ method: String, params: JSONValue, trace: (any FrameRecorder)? = nil) {
        let id = state.withLock { state -> RequestID? in
            guard !state.closed else { return nil }
            defer { state.nextRequestID += 1 }
            return RequestID.integer(state.nextRequestID)
        }
        guard let id else { return }
        write(.request(RPCRequest(id: id, method: method, params: params)), trace: trace)
    }

    /// Sends a notification.
    public func notify(_ method: String, params: JSONValue? = nil) {
        write(.notification(RPCNotification(method: method, params: params)), trace: nil)
    }

    private func write(_ message: RPCMessage, trace: (any FrameRecorder)?) {
        trace?.record(message, direction: .toWorker)
        let line = message.line(sender: .client)
        let sink = input.withLock { input -> (any WorkerInput)? in
            switch input {
            case .attached(let sink):
                return sink
            case .unattached(var queued):
                input = .closed  // drop the queue's reference so the append does not copy it
                queued.append(line)
                input = .unattached(queued)
                return nil
            case .closed:
                return nil
            }
        }
        sink?.write(line)
    }

    /// Connects the worker's stdin: lines sent before are written first, in order. Writes happen
    /// outside the lock, since a sink may call back into the connection (a failed pipe closes it).
    func attachInput(_ sink: any WorkerInput) {
        while true {
            let queued = input.withLock { input -> [[UInt8]]? in
                switch input {
                case .unattached(let queued) where queued.isEmpty:
                    input = .attached(sink)
                    return nil
                case .unattached(let queued):
                    input = .unattached([])
                    return queued
                case .attached, .closed:
                    return nil
                }
            }
            guard let queued else { break }
            for line in queued { sink.write(line) }
        }
        if case .closed = input.withLock({ $0 }) { sink.close() }
    }

    /// Stops sending: the worker's stdin is closed once what was queued is written (a polite stop).
    func closeInput() {
        let sink = input.withLock { input -> (any WorkerInput)? in
            defer { input = .closed }
            if case .attached(let sink) = input { return sink }
            return nil
        }
        sink?.close()
    }

    // MARK: Turn subscriptions

    /// Starts routing `threadID`'s notifications to a new subscription; call before `turn/start`
    /// so no event is missed. At most `bufferLimit` items wait for the consumer (see
    /// ``TurnSubscription``); `trace` records the thread's notifications and server requests.
    /// With `ownsClientCalls` the thread's `item/tool/call` requests are left to the turn, which
    /// never answers them: it returns the calls to its client and interrupts the turn. Without
    /// `deliversDeltas` the agent message deltas are not delivered (a trace still records them):
    /// a consumer that answers in one piece takes each message whole from its `item/completed`,
    /// and is not woken once per token.
    public func subscribe(
        threadID: String, bufferLimit: Int = 262_144, trace: (any FrameRecorder)? = nil, ownsClientCalls: Bool = false,
        deliversDeltas: Bool = true
    ) -> TurnSubscription {
        let subscription = TurnSubscription(
            threadID: threadID, limit: bufferLimit, recorder: trace, ownsClientCalls: ownsClientCalls, deliversDeltas: deliversDeltas
        )
        let exit: WorkerExit?? = state.withLock { state in
            guard !state.closed else { return .some(state.exit) }
            state.threads[threadID] = subscription
            if trace != nil { state.recordingThreads += 1 }
            return .none
        }
        if case .some(let exit) = exit {
            subscription.deliver(.workerExited(exit))
            subscription.finish()
        }
        return subscription
    }

    /// Stops routing `threadID`'s notifications and finishes its stream.
    public func unsubscribe(threadID: String) {
        let subscription = state.withLock { state -> TurnSubscription? in
            guard let removed = state.threads.removeValue(forKey: threadID) else { return nil }
            if removed.recorder != nil { state.recordingThreads -= 1 }
            return removed
        }
        subscription?.finish()
    }

    /// A claim on this worker for one turn, from before its thread starts until the turn's
    /// request lets go; a retiring worker is stopped only once no claim is left.
    public final class TurnReservation: Sendable {
        private let connection: AppServerConnection
        private let released = Atomic(false)

        fileprivate init(connection: AppServerConnection) {
            self.connection = connection
        }

        /// Lets go of the worker (once).
        public func release() {
            guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
            connection.state.withLock { $0.reservedTurns -= 1 }
        }
    }

    /// Claims the worker for one turn; `nil` once it retires or dies (ask for the current one).
    public func reserveTurn() -> TurnReservation? {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed, !state.retiring else { return false }
            state.reservedTurns += 1
            state.turnsStarted += 1
            return true
        }
        return accepted ? TurnReservation(connection: self) : nil
    }

    /// Takes no more reservations; returns when every reservation has been released.
    func retire() async {
        state.withLock { $0.retiring = true }
        while state.withLock({ $0.reservedTurns > 0 && !$0.closed }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether ``retire()`` was called: the worker takes no new turns.
    public var isRetiring: Bool {
        state.withLock { $0.retiring }
    }

    /// Turns started on this worker so far (for the recycle policy).
    public var turnsStarted: Int {
        state.withLock { $0.turnsStarted }
    }

    /// Turns holding a reservation: starting, running, or not yet released by their request.
    public var activeTurnCount: Int {
        state.withLock { $0.reservedTurns }
    }

    // MARK: Receiving

    /// Handles one line read from the worker's stdout.
    func receive(line: [UInt8]) {
        // About half of a turn's notifications feed nobody: skip those unparsed unless a trace
        // wants every frame.
        if let method = NotificationSniffer.method(of: line), ThreadEvent.ignoredNotifications.contains(method),
            state.withLock({ $0.recordingThreads == 0 })
        {
            return
        }
        let message: RPCMessage
        do {
            message = try RPCMessage(line: line, parser: parser)
        } catch {
            logger.warning("worker_output_unreadable", metadata: ["error": "\(error)", "bytes": .stringConvertible(line.count)])
            return
        }
        switch message {
        case .response(let response):
            complete(response.id, message: message, with: .success(response.result))
        case .error(let response):
            guard let id = response.id else {
                logger.warning("worker_error_without_id", metadata: ["code": "\(response.error.code)", "message": "\(response.error.message)"])
                return
            }
            complete(id, message: message, with: .failure(.rpc(response.error)))
        case .notification(let notification):
            route(notification)
        case .request(let request):
            answer(request)
        }
    }

    private func complete(_ id: RequestID, message: RPCMessage, with result: Result<JSONValue, WorkerError>) {
        let pending = state.withLock { $0.pending.removeValue(forKey: id) }
        guard let pending else {
            logger.debug("worker_reply_unmatched", metadata: ["rpc_id": "\(id)"])
            return
        }
        pending.trace?.record(message, direction: .fromWorker)
        if let continuation = pending.continuation {
            continuation.resume(with: result.mapError { $0 as any Error })
        } else {
            pending.lateReply?(result)
        }
    }

    private func route(_ notification: RPCNotification) {
        guard let threadID = notification.params?["threadId"]?.stringValue else { return }
        guard let subscription = state.withLock({ $0.threads[threadID] }) else { return }
        subscription.recorder?.record(.notification(notification), direction: .fromWorker)
        guard let event = ThreadEvent(notification: notification) else { return }
        if case .agentMessageDelta = event.event, !subscription.deliversDeltas { return }
        subscription.deliver(.event(event.event))
    }

    private func answer(_ request: RPCRequest) {
        let owner = request.params?["threadId"]?.stringValue.flatMap { threadID in state.withLock { $0.threads[threadID] } }
        let trace = owner?.recorder
        trace?.record(.request(request), direction: .fromWorker)
        if request.method == AppServerMethod.dynamicToolCall, owner?.ownsClientCalls == true {
            // The turn returns the call to its client and interrupts; the interrupt cancels it.
            return
        }
        let reply: RPCMessage
        switch policy.reply(to: request) {
        case .success(let result):
            reply = .response(RPCResponse(id: request.id, result: result))
            logger.info("worker_request_declined", metadata: ["method": "\(request.method)"])
        case .failure(let error):
            reply = .error(RPCErrorResponse(id: request.id, error: error))
            logger.warning("worker_request_refused", metadata: ["method": "\(request.method)"])
        }
        write(reply, trace: trace)
    }

    // MARK: Shutdown

    /// Marks the worker gone: fails waiting requests, tells subscribed turns, drops later sends.
    func close(exit: WorkerExit?) {
        let (pending, threads) = state.withLock { state -> ([Pending], [TurnSubscription]) in
            if state.closed {
                if state.exit == nil { state.exit = exit }
                return ([], [])
            }
            state.closed = true
            state.exit = exit
            defer {
                state.pending.removeAll()
                state.threads.removeAll()
            }
            return (Array(state.pending.values), Array(state.threads.values))
        }
        closeInput()
        for entry in pending {
            if let continuation = entry.continuation {
                continuation.resume(throwing: WorkerError.exited(exit))
            } else {
                entry.lateReply?(.failure(.exited(exit)))
            }
        }
        for subscription in threads {
            subscription.deliver(.workerExited(exit))
            subscription.finish()
        }
    }

    /// Requests waiting for a reply (for tests of the table's hygiene).
    public var pendingRequestCount: Int {
        state.withLock { $0.pending.count }
    }

    /// Whether the worker behind this connection is gone.
    public var isClosed: Bool {
        state.withLock { $0.closed }
    }
}
