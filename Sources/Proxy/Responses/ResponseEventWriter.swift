import Hummingbird
import NIOCore
import OrderedJSON

/// Writes Responses API stream events (`event: <type>` + `data:` with `type` and
/// `sequence_number`), each write watched by the turn.
struct ResponseEventWriter {
    let turn: ChatTurn
    private var sequence: Int64 = 0

    init(turn: ChatTurn) {
        self.turn = turn
    }

    mutating func send(_ type: String, _ fields: JSONObject = [:], to writer: inout any ResponseBodyWriter) async throws {
        var event: JSONObject = ["type": .string(type), "sequence_number": .integer(sequence)]
        event.merge(fields) { $1 }
        sequence += 1
        var bytes = Array("event: \(type)\ndata: ".utf8)
        JSONValue.object(event).write(to: &bytes)
        bytes.append(contentsOf: [UInt8(ascii: "\n"), UInt8(ascii: "\n")])
        let buffer = ByteBuffer(bytes: bytes)
        try await turn.write { try await writer.write(buffer) }
    }

    func keepalive(to writer: inout any ResponseBodyWriter) async throws {
        try await turn.write { try await writer.write(ServerSentEvents.keepalive) }
    }
}
