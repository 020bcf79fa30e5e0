import Foundation
import Hummingbird
import Logging
import OrderedJSON

/// `POST /v1/chat/completions` (JSON and SSE) and `GET /v1/models`.
struct ChatCompletionsController: Sendable {
    let service: ChatTurnService
    let api: ProxyConfiguration.API
    let maxBodyBytes: Int
    let observer: ChatObserver
    let traceBuffer: TraceBuffer?
    var toolBufferMaxBytes = ToolCallBuffer.defaultMaxHeldBytes

    func addRoutes(to group: RouterGroup<ProxyRequestContext>) {
        group.get("models") { _, _ in
            JSONResponse.make(.ok, ModelList.json(models: api.models, created: Self.now()))
        }
        group.post("chat/completions") { request, context in
            try await complete(request, context: context)
        }
    }

    private func complete(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let deadline = ContinuousClock.now + api.requestTimeout
        var request = request
        let json = try JSONBody.parse(try await JSONBody.collect(&request, limit: maxBodyBytes))
        if let model = json["model"]?.stringValue {
            context.observation.record(model: api.models.contains(model) ? model : "other")
        }
        let chat = try ChatCompletionRequest(json: json, models: api.models)
        let envelope = ChatCompletionEnvelope(requestID: context.requestID, model: chat.model, created: Self.now())
        let trace = traceBuffer?.recorder(requestID: context.requestID)
        let turn: ActiveTurn
        do {
            turn = try await service.start(chat, deadline: deadline, trace: trace)
        } catch {
            saveTrace(trace)
            throw error
        }
        if chat.stream {
            return streamed(turn, chat: chat, envelope: envelope, deadline: deadline, trace: trace, context: context)
        }
        defer { saveTrace(trace) }
        return try await collected(turn, chat: chat, envelope: envelope, deadline: deadline, context: context)
    }

    /// The SSE response; the turn runs while the body is written.
    private func streamed(
        _ turn: ActiveTurn,
        chat: ChatCompletionRequest,
        envelope: ChatCompletionEnvelope,
        deadline: ContinuousClock.Instant,
        trace: TraceRecorder?,
        context: ProxyRequestContext
    ) -> Response {
        let stream = ChatCompletionStream(
            turn: turn, envelope: envelope, includeUsage: chat.includeUsage, deadline: deadline,
            keepaliveInterval: api.keepaliveInterval, timeout: api.requestTimeout, channel: context.channel, observer: observer,
            toolBufferMaxBytes: toolBufferMaxBytes, observation: context.observation, logger: context.logger,
            onTimeout: { [supervisor = service.supervisor] in supervisor.reportUnresponsiveWorker() }
        )
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                defer { saveTrace(trace) }
                try await stream.write(to: &writer)
            }
        )
    }

    /// The whole completion as one JSON body, once the turn has ended.
    private func collected(
        _ turn: ActiveTurn,
        chat: ChatCompletionRequest,
        envelope: ChatCompletionEnvelope,
        deadline: ContinuousClock.Instant,
        context: ProxyRequestContext
    ) async throws -> Response {
        let channel = context.channel
        let loop = TurnEventLoop(
            turn: turn, deadline: deadline, keepaliveInterval: api.keepaliveInterval, clientConnected: { channel.isActive }
        )
        var content = ""
        let end = try await loop.run { output in
            if case .content(let piece) = output { content += piece }
        }
        turn.finish(completed: end.workerFinished)
        switch end {
        case .completed(let usage):
            if let usage { context.observation.record(usage: usage) }
            return JSONResponse.make(.ok, envelope.completion(content: content, finishReason: "stop", usage: usage ?? .zero))
        case .failed(let error, let usage):
            if let usage { context.observation.record(usage: usage) }
            throw error
        case .timedOut:
            service.supervisor.reportUnresponsiveWorker()
            throw ProxyError.workerTimeout(afterMilliseconds: api.requestTimeout.milliseconds)
        case .cancelled:
            context.logger.notice("client_disconnected", metadata: ["model": .string(chat.model), "turn_interrupted": .stringConvertible(true)])
            throw ProxyError.clientDisconnected
        }
    }

    private func saveTrace(_ trace: TraceRecorder?) {
        if let trace { traceBuffer?.write(trace) }
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
