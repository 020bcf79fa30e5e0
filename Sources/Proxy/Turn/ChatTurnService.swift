import CodexAppServer
import CodexWorker

/// What every chat turn needs from the application: the supervisor and gate to admit it, the
/// registry that shutdown reads, the trace buffer and observers it reports to, and the settings
/// that bound it. Makes one ``ChatTurn`` per request.
struct ChatTurnService: Sendable {
    let supervisor: WorkerSupervisor
    let gate: ConcurrencyGate
    let registry: TurnRegistry
    let traceBuffer: TraceBuffer?
    let observer: ChatObserver
    let api: ProxyConfiguration.API
    let worker: WorkerConfiguration

    /// A turn for a validated request, not yet admitted; its deadline starts at `arrived`.
    func turn(for request: ChatCompletionRequest, context: ProxyRequestContext, arrived: ContinuousClock.Instant) async -> ChatTurn {
        ChatTurn(
            request: request,
            service: self,
            client: await ClientConnection.of(context.channel),
            trace: traceBuffer?.recorder(requestID: context.requestID),
            observation: context.observation,
            logger: context.logger,
            arrived: arrived
        )
    }

    /// The `thread/start` parameters of every turn.
    func threadParameters(model: String, developerInstructions: String? = nil, functions: FunctionCalling? = nil) -> ThreadStartParams {
        ThreadStartParams(
            model: model, cwd: worker.workingDirectory, hostAccess: worker.hostAccess, developerInstructions: developerInstructions,
            dynamicTools: functions.map { $0.offered.map(\.dynamicTool) }
        )
    }
}
