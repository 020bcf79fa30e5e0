@testable import Proxy
import Testing

@Suite("ToolCallBuffer")
struct ToolCallBufferTests {
    static let block = #"<use_tool name="search">{"q": "swift"}</use_tool>"#

    /// Feeds `text` in pieces of `size` characters and returns what was released per feed.
    static func stream(_ text: String, pieceSize size: Int) -> (pieces: [String], events: [ToolCallBuffer.Event]) {
        var buffer = ToolCallBuffer()
        var pieces: [String] = []
        var events: [ToolCallBuffer.Event] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let (released, newEvents) = buffer.feed(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
            if !released.isEmpty { pieces.append(released) }
            events += newEvents
        }
        let (tail, finalEvents) = buffer.finish()
        if !tail.isEmpty { pieces.append(tail) }
        return (pieces, events + finalEvents)
    }

    @Test("a block is never split, whatever the delta size", arguments: [1, 2, 3, 5, 8, 13, 64])
    func neverSplits(size: Int) {
        let text = "Before " + Self.block + " between " + Self.block + " after."
        let (pieces, events) = Self.stream(text, pieceSize: size)
        #expect(pieces.joined() == text)
        #expect(events == [.started, .flushed, .started, .flushed])
        for piece in pieces where piece.contains("<use_tool") || piece.contains("</use_tool>") {
            let opens = piece.components(separatedBy: "<use_tool").count - 1
            let closes = piece.components(separatedBy: "</use_tool>").count - 1
            #expect(opens == closes, "piece splits a block: \(piece)")
        }
    }

    @Test("text that only looks like the start of a tag is released once it stops matching")
    func lookalikes() {
        let (pieces, events) = Self.stream("a <us b <use c <use_to", pieceSize: 1)
        #expect(pieces.joined() == "a <us b <use c <use_to")
        #expect(events.isEmpty)
    }

    @Test("a turn that ends inside a block releases the held text as it is and reports aborted")
    func abortedBlock() {
        let text = #"Partial <use_tool name="x">{"never": "closed""#
        let (pieces, events) = Self.stream(text, pieceSize: 4)
        #expect(pieces.joined() == text)
        #expect(pieces.last == #"<use_tool name="x">{"never": "closed""#)
        #expect(events == [.started, .aborted(.unclosed)])
    }

    @Test("plain text passes through without delay")
    func plainText() {
        var buffer = ToolCallBuffer()
        #expect(buffer.feed("hello ").text == "hello ")
        #expect(buffer.feed("world").text == "world")
        #expect(buffer.finish().text == "")
    }

    @Test("finding 2: an unclosed block past the bound goes out as plain text and the buffer never holds more")
    func boundedHeldText() {
        var buffer = ToolCallBuffer(maxHeldBytes: 4_096)
        let text = "intro <use_tool name=\"x\">" + String(repeating: "abcd", count: 40_000)
        var released = ""
        var events: [ToolCallBuffer.Event] = []
        var largestHeld = 0
        var rest = Substring(text)
        while !rest.isEmpty {
            let (piece, newEvents) = buffer.feed(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
            released += piece
            events += newEvents
            largestHeld = max(largestHeld, buffer.heldByteCount)
        }
        let (tail, finalEvents) = buffer.finish()
        #expect(released + tail == text)
        #expect(events + finalEvents == [.started, .aborted(.tooLarge)])
        #expect(largestHeld <= 4_096)
        #expect(released.utf8.count >= text.utf8.count - 4_096, "the bulk went out while streaming, not at the end")
    }

    @Test("finding 2: a 1 MB unclosed block in 4-byte deltas is fed in linear time", .timeLimit(.minutes(1)))
    func megabyteUnclosedBlock() {
        // The quadratic buffer needed 50 s of CPU for 160 kB; 1 MB would take over half an hour.
        var buffer = ToolCallBuffer(maxHeldBytes: .max)
        let delta = "wxyz"
        #expect(buffer.feed("<use_tool name=\"big\">").text.isEmpty)
        for _ in 0..<262_144 {
            #expect(buffer.feed(delta).text.isEmpty)
        }
        #expect(buffer.feed("</use_tool>").text.utf8.count == 21 + 1_048_576 + 11)
    }

    @Test("a block that closes after many small deltas, with multi-byte text around it, comes out whole and intact")
    func multibyteAroundBlocks() {
        let text = "é😀 <use_tool name=\"ü\">{\"q\": \"日本\"}</use_tool> ok ✓ <us"
        for size in 1...6 {
            let (pieces, events) = Self.stream(text, pieceSize: size)
            #expect(pieces.joined() == text)
            #expect(events == [.started, .flushed])
        }
    }
}
