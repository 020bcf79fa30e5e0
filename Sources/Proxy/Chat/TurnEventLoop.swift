import CodexAppServer

/// How a turn ended, as seen by the proxy.
enum TurnEnd: Sendable {
    case completed(usage: ChatUsage?)
    case failed(ProxyError, usage: ChatUsage?)
    /// The request's deadline passed; the turn must be interrupted.
    case timedOut
    /// The client went away (or the consumer was cancelled); the turn must be interrupted.
    case cancelled

    /// Whether the worker finished the turn on its own (no interrupt needed).
    var workerFinished: Bool {
        switch self {
        case .completed, .failed: true
        case .timedOut, .cancelled: false
        }
    }
}

/// Something to send to the client while a turn runs.
enum TurnOutput: Sendable {
    case content(String)
    /// The worker has been silent for the keepalive interval.
    case keepalive
}

/// Turns a ``ActiveTurn``'s worker events into client output: agent message text in order
/// (separate agent messages joined by a blank line), usage, and how the turn ended, while a
/// ticker enforces the request deadline, paces keepalives and notices a client that left.
struct TurnEventLoop: Sendable {
    let turn: ActiveTurn
    let deadline: ContinuousClock.Instant
    let keepaliveInterval: Duration
    /// Whether the client's connection is still open; checked on every tick.
    let clientConnected: @Sendable () -> Bool

    func run(emit: (TurnOutput) async throws -> Void) async throws -> TurnEnd {
        let tickInterval = min(keepaliveInterval / 2, .milliseconds(100))
        let ticks = turn.ticks
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: tickInterval)
                    ticks.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            return try await consume(emit: emit)
        }
    }

    private func consume(emit: (TurnOutput) async throws -> Void) async throws -> TurnEnd {
        let clock = ContinuousClock()
        var lastOutput = clock.now
        var text = AgentText()
        var usage: ChatUsage?
        var reportedError: TurnError?
        for await item in turn.events {
            switch item {
            case .tick:
                let now = clock.now
                if !clientConnected() { return .cancelled }
                if now >= deadline { return .timedOut }
                if now - lastOutput >= keepaliveInterval {
                    try await emit(.keepalive)
                    lastOutput = now
                }
            case .workerExited:
                return .failed(.workerCrashed, usage: usage)
            case .event(let event):
                switch event {
                case .started:
                    continue
                case .agentMessageDelta(let itemID, let delta):
                    if let piece = text.append(delta, item: itemID) {
                        try await emit(.content(piece))
                        lastOutput = clock.now
                    }
                case .agentMessageCompleted(let itemID, let fullText):
                    if let piece = text.complete(fullText, item: itemID) {
                        try await emit(.content(piece))
                        lastOutput = clock.now
                    }
                case .tokenUsage(let total, _):
                    usage = ChatUsage(total)
                case .error(let error, let willRetry):
                    if !willRetry { reportedError = error }
                case .completed(_, let status, let error):
                    switch status {
                    case .completed: return .completed(usage: usage)
                    case .failed: return .failed(.turnFailed(error ?? reportedError), usage: usage)
                    case .interrupted: return .failed(.turnFailed(TurnError(message: "The turn was interrupted by the worker.")), usage: usage)
                    case .inProgress: continue
                    }
                }
            }
        }
        return .cancelled
    }
}

/// Tracks agent message text per item so that deltas and the authoritative completed text
/// combine into one stream without gaps or repeats.
struct AgentText: Sendable {
    private var textByItem: [String: String] = [:]
    private var lastItem: String?

    /// The text to emit for a delta (with a separator when a new message starts), or `nil`.
    mutating func append(_ delta: String, item: String) -> String? {
        guard !delta.isEmpty else { return nil }
        let separator = separator(before: item)
        textByItem[item, default: ""] += delta
        lastItem = item
        return separator + delta
    }

    /// The part of a completed message that its deltas did not deliver, or `nil`.
    mutating func complete(_ fullText: String, item: String) -> String? {
        let seen = textByItem[item] ?? ""
        guard fullText.count > seen.count, fullText.hasPrefix(seen) else { return nil }
        return append(String(fullText.dropFirst(seen.count)), item: item)
    }

    private func separator(before item: String) -> String {
        guard let lastItem, lastItem != item, textByItem[lastItem]?.isEmpty == false else { return "" }
        return "\n\n"
    }
}
