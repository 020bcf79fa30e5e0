import Foundation
import Hummingbird
import Logging
import NIOCore
import OrderedJSON

/// `POST /v1/chat/completions` (JSON and SSE).
struct ChatCompletionsController: Sendable {
    let service: ChatTurnService
    let models: ModelCatalog
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<ProxyRequestContext>) {
        group.post("chat/completions") { request, context in
            try await complete(request, context: context)
        }
    }

    private func complete(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let arrived = ContinuousClock.now
        var request = request
        let json = try JSONBody.parse(try await JSONBody.collect(&request, limit: maxBodyBytes))
        let served = models.ids
        if let model = json["model"]?.stringValue {
            context.observation.record(model: served?.contains(model) == true ? model : "other")
        }
        let chat = try ChatCompletionRequest(
            json: json, models: served, catalog: models.entry, maxImageBytes: service.api.maxImageBytes,
            functionTools: service.worker.clientFunctions
        )
        let envelope = ChatCompletionEnvelope(
            requestID: context.requestID, model: chat.model, created: Self.now(), serviceTier: chat.options.echoedServiceTier
        )
        let turn = await service.turn(for: chat, context: context, arrived: arrived)
        try await turn.start()
        if chat.stream {
            let stream = ChatCompletionStream(turn: turn, envelope: envelope)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
                body: ResponseBody { writer in try await stream.write(to: &writer) }
            )
        }
        return try await collected(turn, envelope: envelope)
    }

    /// The whole completion as one JSON body, once the turn has ended; the body's write is
    /// watched by the turn like a stream's.
    private func collected(_ turn: ChatTurn, envelope: ChatCompletionEnvelope) async throws -> Response {
        var content = ""
        let ended = await turn.consume { output in
            if case .content(let piece) = output { content += piece }
        }
        let outcome = turn.finish(ended)
        let completion: JSONValue
        switch outcome {
        case .completed(let usage):
            completion = envelope.completion(content: content, finishReason: "stop", usage: usage ?? .zero)
        case .toolCalls(let calls, let usage):
            completion = envelope.completion(content: content, toolCalls: calls, finishReason: "tool_calls", usage: usage)
        default:
            throw outcome.error(requestTimeout: service.api.requestTimeout) ?? .internalError
        }
        let response = JSONResponse.make(.ok, completion)
        let body = response.body
        return Response(
            status: response.status, headers: response.headers,
            body: ResponseBody(contentLength: body.contentLength) { writer in
                await turn.respond {
                    try await turn.write { try await body.write(writer) }
                }
            }
        )
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
