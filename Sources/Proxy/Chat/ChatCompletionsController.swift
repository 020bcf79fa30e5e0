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
        let body = try await JSONBody.collect(&request, limit: maxBodyBytes)
        let chat = try ChatCompletionRequest(json: try JSONBody.parse(body), models: api.models)
        let envelope = ChatCompletionEnvelope(requestID: context.requestID, model: chat.model, created: Self.now())
        let requestBody = request.body
        if chat.stream {
            let turn = try await service.start(chat, deadline: deadline)
            let stream = ChatCompletionStream(
                turn: turn, envelope: envelope, includeUsage: chat.includeUsage, deadline: deadline,
                keepaliveInterval: api.keepaliveInterval, timeout: api.requestTimeout, observer: observer, logger: context.logger,
                onTimeout: { [supervisor = service.supervisor] in supervisor.reportUnresponsiveWorker() }
            )
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
                body: ResponseBody { writer in
                    try await stream.write(to: &writer, cancellingOnClose: requestBody)
                }
            )
        }
        return try await requestBody.consumeWithCancellationOnInboundClose { _ in
            let turn = try await service.start(chat, deadline: deadline)
            var content = ""
            let end = try await TurnEventLoop(turn: turn, deadline: deadline, keepaliveInterval: api.keepaliveInterval).run { output in
                if case .content(let piece) = output { content += piece }
            }
            turn.finish(completed: end.workerFinished)
            switch end {
            case .completed(let usage):
                return JSONResponse.make(.ok, envelope.completion(content: content, finishReason: "stop", usage: usage ?? .zero))
            case .failed(let error, _):
                throw error
            case .timedOut:
                service.supervisor.reportUnresponsiveWorker()
                throw ProxyError.workerTimeout(afterMilliseconds: api.requestTimeout.milliseconds)
            case .cancelled:
                throw CancellationError()
            }
        }
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
