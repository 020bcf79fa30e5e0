import PropertyBased
@testable import Proxy
import Testing

/// Random streams of tag fragments, multi-byte text and delta sizes through the tool buffer.
@Suite("Fuzz: tool buffer")
struct ToolBufferPropertyTests {
    static let fragments = ["<use_tool", "</use_tool>", "<", "<us", "<use_t", "_tool", ">", "x", " ", "é", "😀", "\n", "</", "use_tool>", "<<"]

    @Test("no text is lost, reordered or duplicated; held text stays within the bound")
    func preservesTextWithinBound() async {
        let text = Gen.element(of: Self.fragments).array(of: 0...400).map { $0.compactMap { $0 }.joined() }
        let sizes = Gen.int(in: 1...40).array(of: 1...16)
        let bound = Gen.int(in: 20...200)
        await propertyCheck(count: 400, input: text, sizes, bound) { text, sizes, bound in
            var buffer = ToolCallBuffer(maxHeldBytes: bound)
            var output = ""
            var events: [ToolCallBuffer.Event] = []
            var rest = Substring(text)
            var step = 0
            while !rest.isEmpty {
                let size = sizes[step % sizes.count]
                step += 1
                let delta = String(rest.prefix(size))
                rest = rest.dropFirst(size)
                let (released, newEvents) = buffer.feed(delta)
                output += released
                events += newEvents
                #expect(buffer.heldByteCount <= max(buffer.maxHeldBytes, delta.utf8.count + 8), "held \(buffer.heldByteCount) bytes")
            }
            let (tail, finalEvents) = buffer.finish()
            output += tail
            events += finalEvents
            #expect(output == text)
            #expect(buffer.heldByteCount == 0)
            // Every block that started ends exactly once: flushed or aborted.
            let started = events.filter { $0 == .started }.count
            let ended = events.filter { $0 != .started }.count
            #expect(started == ended, "\(events)")
        }
    }
}
