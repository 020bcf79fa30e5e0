import Foundation
import Hummingbird
import OrderedJSON

/// `POST /v1/responses` (first subset, JSON and SSE): a second renderer over the chat turn.
struct ResponsesController: Sendable {
    let service: ChatTurnService
    let models: ModelCatalog
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<ProxyRequestContext>) {
        group.post("responses") { request, context in
            try await respond(request, context: context)
        }
    }

    private func respond(_ request: Request, context: ProxyRequestContext) async throws -> Response {
        let arrived = ContinuousClock.now
        let json = try await TurnResponse.body(of: request, context: context, limit: maxBodyBytes, models: models)
        let parsed = try ResponsesRequest(
            json: json, models: models.ids, catalog: models.entry, maxImageBytes: service.api.maxImageBytes, functionTools: service.worker.clientFunctions
        )
        let envelope = ResponseEnvelope(requestID: context.requestID, model: parsed.turn.model, createdAt: Int64(Date().timeIntervalSince1970), echo: parsed.echo)
        let turn = await service.turn(for: parsed.turn, context: context, arrived: arrived)
        try await turn.start()
        if parsed.turn.stream {
            let stream = ResponseStream(turn: turn, envelope: envelope)
            return TurnResponse.eventStream(turn, model: parsed.turn.model) { writer in try await stream.write(to: &writer) }
        }
        return try await collected(turn, envelope: envelope)
    }

    /// The whole response as one JSON body, once the turn has ended.
    private func collected(_ turn: ChatTurn, envelope: ResponseEnvelope) async throws -> Response {
        var text = ""
        var calls: [ChatToolCall] = []
        let ended = await turn.consume { output in
            switch output {
            case .content(let piece): text += piece
            case .toolCall(_, let call): calls.append(call)
            case .keepalive: break
            }
        }
        let outcome = turn.finish(ended)
        let usage: ChatUsage
        switch outcome {
        case .completed(let reported): usage = reported ?? .zero
        case .toolCalls(_, let reported): usage = reported
        default: throw outcome.error(requestTimeout: service.api.requestTimeout) ?? .internalError
        }
        var output: [JSONValue] = []
        if !text.isEmpty { output.append(envelope.messageItem(text: text, status: "completed")) }
        output += calls.map { ResponseEnvelope.functionCallItem($0, status: "completed") }
        return TurnResponse.json(turn, envelope.response(status: "completed", output: output, usage: usage))
    }
}
