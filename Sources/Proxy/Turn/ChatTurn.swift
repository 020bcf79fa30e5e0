import CodexAppServer
import CodexWorker
import Logging
import OrderedJSON
import Synchronization

/// Owns one chat completion's turn from admission to release: the gate slot, the deadline, the
/// worker claim and thread subscription, the trace recorder and the outcome.
///
/// Every way a turn can end — completed, failed, worker exit, deadline, client gone, client
/// stalled, drain grace over, never admitted — goes through ``finish(_:)``, which runs exactly
/// once: `turn/interrupt` when the turn started and the worker did not end it, unsubscribe,
/// worker claim and slot released, trace saved, the outcome recorded for the one egress log line
/// and counted. Reading this type (with its `+Events` and `+Response` extensions) shows the whole
/// lifetime; nothing else releases what it holds.
final class ChatTurn: Sendable {
    private struct State {
        var registryKey: Int?
        var permit: ConcurrencyGate.Permit?
        var reservation: AppServerConnection.TurnReservation?
        var connection: AppServerConnection?
        var subscription: TurnSubscription?
        var turnID: String?
        var stopRequest: (outcome: TurnOutcome, at: ContinuousClock.Instant)?
        var writeStartedAt: ContinuousClock.Instant?
        /// Whether the response is being written under the write watchdog (``respond(_:)``).
        var watchingWrites = false
        /// When the event consumer last gave the client something (keepalives count from here);
        /// `nil` until it runs.
        var lastOutput: ContinuousClock.Instant?
        var outcome: TurnOutcome?
    }

    let request: ChatCompletionRequest
    /// When the request arrived; the deadline and first-token latency count from here.
    let arrived: ContinuousClock.Instant
    /// The whole response, writes included, must be done by then.
    let deadline: ContinuousClock.Instant
    let service: ChatTurnService
    let client: ClientConnection
    let logger: Logger
    private let trace: TraceRecorder?
    private let observation: RequestObservation
    private let state = Mutex(State())

    init(
        request: ChatCompletionRequest,
        service: ChatTurnService,
        client: ClientConnection,
        trace: TraceRecorder?,
        observation: RequestObservation,
        logger: Logger,
        arrived: ContinuousClock.Instant
    ) {
        self.request = request
        self.service = service
        self.client = client
        self.trace = trace
        self.observation = observation
        var logger = logger
        logger[metadataKey: "component"] = "chat"
        self.logger = logger
        self.arrived = arrived
        self.deadline = arrived + service.api.requestTimeout
    }

    /// A turn dropped unfinished (its response body was never written) still gives everything back.
    deinit {
        finish(.clientGone)
        if let key = state.withLock({ $0.registryKey }) { service.registry.forget(key) }
    }

    // MARK: Admission and start

    /// Admits the turn (readiness, a gate slot, a worker claim) and starts it on the worker.
    /// Throws the error the client should get, after finishing the turn with it.
    func start() async throws(ProxyError) {
        let key = service.registry.insert { [weak self] outcome in
            self?.stop(outcome)
        } tick: { [weak self] now in
            self?.tick(at: now)
        }
        state.withLock { $0.registryKey = key }
        do {
            try await admitAndStart()
        } catch {
            let outcome: TurnOutcome = error is TimeoutError ? .deadline : .rejected(Self.startError(error, status: service.supervisor.snapshot))
            let recorded = finish(outcome)
            throw recorded.error(requestTimeout: service.api.requestTimeout) ?? .internalError
        }
    }

    private func admitAndStart() async throws {
        let status = service.supervisor.snapshot
        guard status.isReady else { throw WorkerError.unavailable(state: status.reportedState) }
        let permit = try await service.gate.acquire(timeout: min(service.worker.queueTimeout, remaining))
        state.withLock { $0.permit = permit }
        let (connection, reservation) = try service.supervisor.reserveTurn()
        state.withLock {
            $0.connection = connection
            $0.reservation = reservation
        }
        // One timer for the whole start on the worker (thread, history, turn), not one per call.
        try await withTimeout(remaining) {
            try await self.startOnWorker(connection)
        }
    }

    /// `thread/start` → subscribe → `thread/inject_items` (with history) → `turn/start`.
    private func startOnWorker(_ connection: AppServerConnection) async throws {
        let trace = self.trace
        let conversation = request.conversation
        let threadParams = service.threadParameters(
            model: request.model, developerInstructions: conversation.developerInstructions, functions: request.functionCalling
        ).json
        let threadResult = try await connection.request(AppServerMethod.threadStart, params: threadParams, trace: trace)
        guard let threadID = threadResult["thread"]?["id"]?.stringValue else {
            throw WorkerError.malformedResult(method: AppServerMethod.threadStart, detail: "no thread.id")
        }
        let ownsClientCalls = request.functionCalling.map { !$0.offered.isEmpty } ?? false
        // A JSON answer takes each message whole from its item/completed; with client functions
        // the text before a call is kept from the deltas, so they are delivered there too.
        let deliversDeltas = request.stream || request.functionCalling != nil
        let subscription = connection.subscribe(threadID: threadID, trace: trace, ownsClientCalls: ownsClientCalls, deliversDeltas: deliversDeltas)
        state.withLock { $0.subscription = subscription }
        if !conversation.injectedItems.isEmpty {
            let injectParams = ThreadInjectItemsParams(threadID: threadID, items: conversation.injectedItems).json
            _ = try await connection.request(AppServerMethod.threadInjectItems, params: injectParams, trace: trace)
        }
        let options = request.options
        let turnParams = TurnStartParams(
            threadID: threadID, input: conversation.input, effort: options.effort, outputSchema: options.outputSchema, serviceTier: options.serviceTier
        ).json
        // A reply that comes after the deadline gave up on it means a turn runs that nobody
        // reads: interrupt it.
        let turnResult = try await connection.request(AppServerMethod.turnStart, params: turnParams, trace: trace) { late in
            guard case .success(let result) = late, let turnID = result["turn"]?["id"]?.stringValue else { return }
            connection.send(AppServerMethod.turnInterrupt, params: TurnInterruptParams(threadID: threadID, turnID: turnID).json, trace: trace)
        }
        guard let turnID = turnResult["turn"]?["id"]?.stringValue else {
            throw WorkerError.malformedResult(method: AppServerMethod.turnStart, detail: "no turn.id")
        }
        state.withLock { $0.turnID = turnID }
    }

    /// Time left before the deadline (never negative).
    var remaining: Duration {
        max(.zero, deadline - .now)
    }

    private static func startError(_ error: any Error, status: WorkerStatus) -> ProxyError {
        switch error {
        case let rejection as ConcurrencyGate.Rejection:
            return rejection == .closed ? .shuttingDown : .concurrencyLimit
        case WorkerError.unavailable:
            if status.draining { return .draining }
            let retryAfter = max(1, Int((status.backoffMilliseconds + 999) / 1000))
            return .workerUnavailable(state: status.reportedState.rawValue, retryAfterSeconds: retryAfter)
        case let error as WorkerError:
            return .fromWorker(error)
        case let error as ProxyError:
            return error
        default:
            return .internalError
        }
    }

    // MARK: Ending

    /// Asks the turn to end with `outcome` (drain grace over); the first request wins. The
    /// consumer sees it at once; a consumer blocked in a write is cut shortly after.
    func stop(_ outcome: TurnOutcome) {
        let subscription = state.withLock { state -> TurnSubscription?? in
            guard state.outcome == nil, state.stopRequest == nil else { return .none }
            state.stopRequest = (outcome, .now)
            return .some(state.subscription)
        }
        if case .some(let subscription) = subscription { subscription?.wake() }
    }

    var stopRequest: (outcome: TurnOutcome, at: ContinuousClock.Instant)? {
        state.withLock { $0.stopRequest }
    }

    /// Ends the turn and gives back everything it holds; runs once. Returns the outcome that
    /// was recorded: `outcome`, or the one an earlier call recorded.
    @discardableResult
    func finish(_ outcome: TurnOutcome) -> TurnOutcome {
        typealias Held = (
            key: Int?, permit: ConcurrencyGate.Permit?, reservation: AppServerConnection.TurnReservation?,
            connection: AppServerConnection?, subscription: TurnSubscription?, turnID: String?
        )
        let held = state.withLock { state -> Held? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            defer {
                state.permit = nil
                state.reservation = nil
                state.connection = nil
                state.subscription = nil
            }
            return (state.registryKey, state.permit, state.reservation, state.connection, state.subscription, state.turnID)
        }
        guard let held else { return state.withLock { $0.outcome } ?? outcome }
        if let key = held.key { service.registry.remove(key) }
        if let connection = held.connection, let subscription = held.subscription {
            let threadID = subscription.threadID
            if let turnID = held.turnID, !outcome.workerFinished {
                connection.send(AppServerMethod.turnInterrupt, params: TurnInterruptParams(threadID: threadID, turnID: turnID).json, trace: trace)
            }
            connection.unsubscribe(threadID: threadID)
            connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)], trace: trace)
        }
        held.reservation?.release()
        held.permit?.release()
        if case .deadline = outcome, held.connection != nil {
            // A turn that outlived its deadline may mean a hung worker: make it prove otherwise.
            service.supervisor.reportUnresponsiveWorker()
        }
        if let trace { service.traceBuffer?.write(trace) }
        observation.record(outcome: outcome.label.rawValue)
        if case .toolCalls(let calls, _) = outcome { observation.record(functionCalls: calls.count) }
        if let usage = outcome.usage { observation.record(usage: usage) }
        if let error = outcome.error(requestTimeout: service.api.requestTimeout) { observation.record(error: error) }
        service.observer.turnFinished(outcome.label)
        return outcome
    }

    /// The outcome, once finished.
    var outcome: TurnOutcome? {
        state.withLock { $0.outcome }
    }

    var subscription: TurnSubscription? {
        state.withLock { $0.subscription }
    }

    /// The worker's id of the running turn, once `turn/start` answered.
    var turnID: String? {
        state.withLock { $0.turnID }
    }

    // MARK: Writes (read by the watchdog)

    /// Runs one write of the response, marking it pending so the watchdog can tell a client that
    /// stopped reading.
    func write(_ operation: () async throws -> Void) async throws {
        state.withLock { $0.writeStartedAt = .now }
        defer { state.withLock { $0.writeStartedAt = nil } }
        try await operation()
    }

    var writeStartedAt: ContinuousClock.Instant? {
        state.withLock { $0.writeStartedAt }
    }

    /// When the event consumer last gave the client something.
    var lastOutput: ContinuousClock.Instant? {
        get { state.withLock { $0.lastOutput } }
        set { state.withLock { $0.lastOutput = newValue } }
    }

    var isWatchingWrites: Bool {
        state.withLock { $0.watchingWrites }
    }

    func setWatchingWrites(_ watching: Bool) {
        state.withLock { $0.watchingWrites = watching }
    }
}
