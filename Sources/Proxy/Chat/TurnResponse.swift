import Hummingbird
import Logging
import NIOCore
import OrderedJSON

/// The HTTP side shared by every route that runs a chat turn (`/v1/chat/completions`,
/// `/v1/responses`): reading the body, and writing the turn as an event stream or as one JSON
/// body, every write watched by the turn.
enum TurnResponse {
    /// Collects and parses the JSON body (at most `limit` bytes) and records the model label
    /// (`other` for a model not served, so a client cannot invent label values).
    static func body(of request: Request, context: ProxyRequestContext, limit: Int, models: ModelCatalog) async throws -> JSONValue {
        var request = request
        let json = try JSONBody.parse(try await JSONBody.collect(&request, limit: limit))
        if let model = json["model"]?.stringValue {
            context.observation.record(model: models.ids?.contains(model) == true ? model : "other")
        }
        return json
    }

    /// A `text/event-stream` response whose events `write` produces; the stream is counted, logged
    /// (`stream_started`) and watched by the turn.
    static func eventStream(
        _ turn: ChatTurn, model: String, _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .init("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                let observer = turn.service.observer
                observer.streamOpened()
                defer { observer.streamClosed() }
                turn.logger.info("stream_started", metadata: ["model": "\(model)"])
                await turn.respond {
                    try await write(&writer)
                }
                try? await writer.finish(nil)
            }
        )
    }

    /// One JSON body, written once the turn has ended; the write is watched like a stream's.
    static func json(_ turn: ChatTurn, _ value: JSONValue) -> Response {
        let response = JSONResponse.make(.ok, value)
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
}
