import CodexAppServer

/// All mutable protocol state of one fake app-server process.
actor ServerState {
    /// The client name given at initialize; `nil` until then.
    private(set) var clientName: String?
    /// Whether the client set `capabilities.experimentalApi` at initialize.
    private(set) var experimentalApi = false
    private var threads: [String: ThreadRecord] = [:]
    private var nextServerRequestID: Int64 = 0
    private var pendingServerRequests: [RequestID: (threadID: String, reply: AsyncStream<ServerRequestReply>.Continuation)] = [:]
    private var itemNumber = 0
    private var turnStarts = 0

    var isInitialized: Bool { clientName != nil }

    func markInitialized(clientName: String, experimentalApi: Bool) {
        self.clientName = clientName
        self.experimentalApi = experimentalApi
    }

    /// Counts `turn/start` requests (for the scripted overload) and returns the new count.
    func countTurnStart() -> Int {
        turnStarts += 1
        return turnStarts
    }

    /// The next number of the process-wide item counter behind `msg_N` and `call_N`.
    func nextItemNumber() -> Int {
        itemNumber += 1
        return itemNumber
    }

    func addThread(_ settings: ThreadSettings) { threads[settings.id] = ThreadRecord(settings: settings) }

    func thread(_ id: String) -> ThreadRecord? { threads[id] }

    /// Appends what `thread/inject_items` kept to the thread's history.
    func appendHistory(threadID: String, _ items: [JSONValue]) { threads[threadID]?.history.append(contentsOf: items) }

    func isSubscribed(_ threadID: String) -> Bool { threads[threadID]?.subscribed ?? false }

    /// `thread/unsubscribe`: `unsubscribed`, then `notSubscribed`; `notLoaded` for unknown threads.
    func unsubscribe(_ threadID: String) -> String {
        guard threads[threadID] != nil else { return "notLoaded" }
        guard threads[threadID]!.subscribed else { return "notSubscribed" }
        threads[threadID]!.subscribed = false
        return "unsubscribed"
    }

    /// Keeps a thread's sticky turn overrides (effort, service tier, summary).
    func updateOverrides(_ settings: ThreadSettings) {
        threads[settings.id]?.settings.effort = settings.effort
        threads[settings.id]?.settings.serviceTier = settings.serviceTier
        threads[settings.id]?.settings.summary = settings.summary
    }

    /// Decides what a `turn/start` does on a known thread: a running turn absorbs the input,
    /// otherwise a new turn runs.
    func startTurn(threadID: String, newTurnID: String) -> TurnStartDecision {
        if case .running(let turnID, _) = threads[threadID]?.activeTurn {
            return .steer(turnID: turnID)
        }
        let control = TurnControl()
        threads[threadID]?.activeTurn = .running(turnID: newTurnID, control: control)
        return .run(turnID: newTurnID, control: control)
    }

    /// Decides what a `turn/interrupt` does; a running turn is signalled and the request queued.
    func interrupt(threadID: String, turnID: String, requestID: RequestID) -> InterruptDecision {
        guard let active = threads[threadID]?.activeTurn else { return .noActiveTurn }
        guard active.turnID == turnID else { return .mismatch(activeTurnID: active.turnID) }
        threads[threadID]?.pendingInterrupts.append(requestID)
        if case .running(_, let control) = active { control.interrupt() }
        return .queued
    }

    /// Ends the thread's running turn; returns the interrupt requests to answer now.
    func finishTurn(threadID: String, turnID: String, aborted: Bool) -> [RequestID] {
        guard var thread = threads[threadID] else { return [] }
        if case .running(let runningID, let control) = thread.activeTurn, runningID == turnID {
            control.continuation.finish()
            thread.activeTurn = aborted ? .stale(turnID: turnID) : nil
        }
        let answered = thread.pendingInterrupts
        thread.pendingInterrupts = []
        threads[threadID] = thread
        return answered
    }

    /// Adds one model round trip to the thread's total and returns the new total.
    func addUsage(threadID: String, _ usage: TokenUsageBreakdown) -> TokenUsageBreakdown {
        let total = (threads[threadID]?.totalUsage ?? TokenUsageBreakdown()) + usage
        threads[threadID]?.totalUsage = total
        return total
    }

    /// Allocates the next server→client request id (integers from 0) and the stream its reply arrives on.
    func openServerRequest(threadID: String) -> (RequestID, AsyncStream<ServerRequestReply>) {
        let id = RequestID.integer(nextServerRequestID)
        nextServerRequestID += 1
        let (stream, continuation) = AsyncStream.makeStream(of: ServerRequestReply.self, bufferingPolicy: .bufferingNewest(1))
        pendingServerRequests[id] = (threadID, continuation)
        return (id, stream)
    }

    /// Delivers the client's reply; replies to unknown ids are ignored, as the real binary does.
    func resolveServerRequest(_ id: RequestID, _ reply: ServerRequestReply) {
        guard let pending = pendingServerRequests.removeValue(forKey: id) else { return }
        pending.reply.yield(reply)
        pending.reply.finish()
    }

    /// Forgets a request whose turn ended without a reply.
    func abandonServerRequest(_ id: RequestID) {
        pendingServerRequests.removeValue(forKey: id)?.reply.finish()
    }
}
