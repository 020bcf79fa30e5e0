import CodexAppServer
import Logging

/// Starts one Codex turn per chat completion: admission (readiness, concurrency), then an
/// ephemeral locked-down thread and a turn with the conversation as text input.
struct ChatTurnService: Sendable {
    let supervisor: WorkerSupervisor
    let gate: ConcurrencyGate
    let worker: ProxyConfiguration.Worker
    let requestTimeout: Duration

    /// Returns a running turn, or throws the ``ProxyError`` the client should get.
    func start(_ request: ChatCompletionRequest, deadline: ContinuousClock.Instant, trace: TraceRecorder?) async throws -> ActiveTurn {
        let status = supervisor.snapshot
        guard status.isReady else { throw Self.unavailable(status) }
        let permit: ConcurrencyGate.Permit
        do {
            permit = try await gate.acquire(timeout: min(worker.queueTimeout, deadline - .now))
        } catch is ConcurrencyGate.Rejection {
            throw ProxyError.concurrencyLimit
        }
        // Waiting in the queue may have outlived the worker: claim whichever is current now.
        let claim: (AppServerConnection, AppServerConnection.TurnReservation)
        do {
            claim = try supervisor.reserveTurn()
        } catch {
            permit.release()
            throw Self.unavailable(supervisor.snapshot)
        }
        let (connection, reservation) = claim
        do {
            return try await withTimeout(deadline - .now) {
                try await Self.startTurn(request, on: connection, cwd: worker.workingDirectory, hostAccess: worker.hostAccess, trace: trace, permit: permit, reservation: reservation)
            }
        } catch {
            reservation.release()
            permit.release()
            throw mapStartFailure(error)
        }
    }

    /// 503 while shutting down, else 503 with a `Retry-After` from the current backoff.
    private static func unavailable(_ status: WorkerStatus) -> ProxyError {
        if status.draining { return .draining }
        let retryAfter = max(1, Int((status.backoffMilliseconds + 999) / 1000))
        return .workerUnavailable(state: status.reportedState.rawValue, retryAfterSeconds: retryAfter)
    }

    private static func startTurn(
        _ request: ChatCompletionRequest,
        on connection: AppServerConnection,
        cwd: String?,
        hostAccess: HostAccess,
        trace: TraceRecorder?,
        permit: ConcurrencyGate.Permit,
        reservation: AppServerConnection.TurnReservation
    ) async throws -> ActiveTurn {
        let threadParams = ThreadStartParams(model: request.model, cwd: cwd, hostAccess: hostAccess)
        let threadResult = try await connection.request(AppServerMethod.threadStart, params: threadParams.json, trace: trace)
        guard let threadID = threadResult["thread"]?["id"]?.stringValue else {
            throw WorkerError.malformedResult(method: AppServerMethod.threadStart, detail: "no thread.id")
        }
        let subscription = connection.subscribe(threadID: threadID, trace: trace)
        do {
            let text = ConversationPrompt.render(request.messages)
            let turnResult = try await connection.request(
                AppServerMethod.turnStart, params: TurnStartParams(threadID: threadID, text: text).json, trace: trace
            )
            guard let turnID = turnResult["turn"]?["id"]?.stringValue else {
                throw WorkerError.malformedResult(method: AppServerMethod.turnStart, detail: "no turn.id")
            }
            return ActiveTurn(
                threadID: threadID, turnID: turnID, subscription: subscription, connection: connection, trace: trace, permit: permit,
                reservation: reservation
            )
        } catch {
            connection.unsubscribe(threadID: threadID)
            connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)], trace: trace)
            throw error
        }
    }

    private func mapStartFailure(_ error: any Error) -> any Error {
        switch error {
        case let error as ProxyError:
            return error
        case let error as WorkerError:
            return ProxyError.fromWorker(error)
        case is TimeoutError:
            supervisor.reportUnresponsiveWorker()
            return ProxyError.workerTimeout(afterMilliseconds: requestTimeout.milliseconds)
        default:
            return error
        }
    }
}
