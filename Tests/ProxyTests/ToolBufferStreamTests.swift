import OrderedJSON
import Testing

@Suite("Tool buffer in streams", .timeLimit(.minutes(2)))
struct ToolBufferStreamTests {
    static let block = #"<use_tool name="lookup">{"id": 7}</use_tool>"#

    func contents(_ exchange: HTTPExchange) -> [String] {
        exchange.events.compactMap { $0.json?["choices"]?[0]?["delta"]?["content"]?.stringValue }.filter { !$0.isEmpty }
    }

    @Test("a text tool call arrives in one delta even when the worker streams it in 3-character pieces")
    func blockArrivesWhole() async throws {
        try await ProxyHarness.run(behaviour: ["chunkSize": 3]) { proxy in
            let reply = "Let me check. " + Self.block + " Done."
            let exchange = try await proxy.chat(ProxyHarness.chatBody("REPLY:" + reply, stream: true))
            let pieces = contents(exchange)
            #expect(pieces.joined() == reply)
            #expect(pieces.contains { $0.contains(Self.block) }, "pieces: \(pieces)")
            #expect(!pieces.contains { $0.contains("<use_tool") != $0.contains("</use_tool>") })
            #expect(exchange.events.last == .done)
        }
    }

    @Test("a reply that ends inside a block releases the held text as it is before finishing")
    func abortedBlockIsReleased() async throws {
        try await ProxyHarness.run(behaviour: ["chunkSize": 3]) { proxy in
            let reply = #"Calling <use_tool name="lookup">{"id": 7"#
            let exchange = try await proxy.chat(ProxyHarness.chatBody("REPLY:" + reply, stream: true))
            let pieces = contents(exchange)
            #expect(pieces.joined() == reply)
            #expect(pieces.last == #"<use_tool name="lookup">{"id": 7"#)
            let finish = exchange.events.compactMap(\.json).last { $0["choices"]?[0]?["finish_reason"] == "stop" }
            #expect(finish != nil)
        }
    }
}
