import CodexAppServer
import CodexWorker

/// Something to send to the client while a turn runs.
enum TurnOutput: Sendable {
    case content(String)
    /// A client function call, at `index` in the response's `tool_calls`.
    case toolCall(index: Int, ChatToolCall)
    /// The worker has been silent for the keepalive interval.
    case keepalive
}

extension ChatTurn {
    /// Reads the worker's events for this turn and hands the client's share to `emit`: agent
    /// message text in order (separate messages joined by a blank line) and keepalives. A tick
    /// of the ``TurnClock`` that finds a stop request, a client gone (reset, or FIN: see
    /// ``ClientConnection/halfClosed``), the deadline passed or a keepalive due wakes it to act
    /// (``consumerNeedsWake(at:)``); a stop request wakes it at once. Returns how
    /// the turn ended; the caller passes it to ``finish(_:)``.
    func consume(emit: (TurnOutput) async throws -> Void) async -> TurnOutcome {
        guard let subscription else { return outcome ?? .clientGone }
        do {
            return try await consume(subscription, keepaliveInterval: service.api.keepaliveInterval, emit: emit)
        } catch {
            return .clientGone
        }
    }

    private func consume(
        _ subscription: TurnSubscription,
        keepaliveInterval: Duration,
        emit: (TurnOutput) async throws -> Void
    ) async throws -> TurnOutcome {
        lastOutput = .now
        var text = AgentText()
        var usage: ChatUsage?
        var reportedError: TurnError?
        var batch = request.functionCalling.map { functions in
            FunctionCallBatch(functions: functions.offered, historyCallIDs: request.historyCallIDs, parallel: functions.parallel)
        }
        for await item in subscription.events {
            switch item {
            case .wake:
                if let stop = stopRequest { return stop.outcome }
                if client.isClosed || client.halfClosed { return .clientGone }
                let now = ContinuousClock.now
                if now >= deadline { return .deadline }
                if let lastOutput, now - lastOutput >= keepaliveInterval {
                    try await emit(.keepalive)
                    self.lastOutput = now
                }
            case .workerExited:
                return .workerExited(usage: usage)
            case .event(let event):
                switch event {
                case .agentMessageDelta(let itemID, let delta):
                    if let piece = text.append(delta, item: itemID) {
                        try await emit(.content(piece))
                        self.lastOutput = .now
                    }
                case .agentMessageCompleted(let itemID, let fullText):
                    if let piece = text.complete(fullText, item: itemID) {
                        try await emit(.content(piece))
                        self.lastOutput = .now
                    }
                case .tokenUsage(let total, _):
                    usage = ChatUsage(total)
                case .rawFunctionCall(let callTurnID, let callID, let name, let arguments):
                    if let captured = batch?.capture(turnID: callTurnID, currentTurnID: turnID, callID: callID, name: name, arguments: arguments) {
                        try await emit(.toolCall(index: captured.index, captured.call))
                        self.lastOutput = .now
                    }
                case .rawResponseCompleted(let responseTurnID, let responseUsage):
                    if batch?.responseCompleted(turnID: responseTurnID, currentTurnID: turnID, usage: responseUsage) == true, let batch {
                        service.observer.functionCalls(batch.calls.count, batch.dropped)
                        return .toolCalls(batch.calls, usage: ChatUsage(batch.usage))
                    }
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
        // The stream ended without a verdict: cut for falling behind, or ended by a stop.
        if subscription.overflowed { return .clientStalled }
        return stopRequest?.outcome ?? outcome ?? .clientGone
    }
}
