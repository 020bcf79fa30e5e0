import NIOCore
import OrderedJSON
import PropertyBased
@testable import Proxy
import Testing

/// Any text in a chunk becomes exactly one well-formed SSE event that decodes back to it.
@Suite("Fuzz: SSE writer")
struct ServerSentEventsPropertyTests {
    static let pieces = ["a", "\n", "\r", "\r\n", "\n\n", "data: ", "\u{0}", "\u{1F}", "\u{2028}", "\"", "\\", "é", "😀", ":", " "]

    @Test("one event per chunk, no raw line breaks inside, and the payload round-trips")
    func framing() async {
        let text = Gen.element(of: Self.pieces).array(of: 0...200).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 400, input: text) { text in
            let value: JSONValue = ["choices": [["delta": ["content": .string(text)], "index": 0]]]
            let frame = ServerSentEvents.data(value)
            let bytes = Array(frame.readableBytesView)
            #expect(bytes.starts(with: Array("data: ".utf8)))
            #expect(bytes.suffix(2) == [10, 10])
            let payload = bytes.dropFirst(6).dropLast(2)
            #expect(!payload.contains(10) && !payload.contains(13), "a raw line break would split the event")
            #expect((try? JSONParser().parse(payload)) == value)
        }
    }
}
