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
        let json = try await TurnResponse.body(of: request, context: context, limit: maxBodyBytes, models: models)
        let chat = try ChatCompletionRequest(
            json: json, models: models.ids, catalog: models.entry, maxImageBytes: service.api.maxImageBytes,
            functionTools: service.worker.clientFunctions
        )
        let envelope = ChatCompletionEnvelope(
            requestID: context.requestID, model: chat.model, created: Self.now(), serviceTier: chat.options.echoedServiceTier
        )
        let turn = await service.turn(for: chat, context: context, arrived: arrived)
        try await turn.start()
        if chat.stream {
            let stream = ChatCompletionStream(turn: turn, envelope: envelope)
            return TurnResponse.eventStream(turn, model: chat.model) { writer in try await stream.write(to: &writer) }
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
        return TurnResponse.json(turn, completion)
    }

    private static func now() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}
