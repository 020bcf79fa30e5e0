import CodexAppServer
import Testing

@Suite("LineFramer")
struct LineFramerTests {
    @Test("a line split across many reads is reassembled")
    func partialReads() {
        var framer = LineFramer()
        let text = Array(#"{"id":1,"result":{}}"#.utf8) + [UInt8(ascii: "\n")]
        var lines: [LineFramer.Line] = []
        for byte in text { lines += framer.append([byte]) }
        #expect(lines == [.complete(Array(#"{"id":1,"result":{}}"#.utf8))])
    }

    @Test("several lines in one read come out in order, CRLF tolerated")
    func severalLines() {
        var framer = LineFramer()
        let lines = framer.append(Array("a\nbb\r\n\nccc".utf8))
        #expect(lines == [.complete(Array("a".utf8)), .complete(Array("bb".utf8)), .complete([])])
        #expect(framer.finish() == .complete(Array("ccc".utf8)))
        #expect(framer.finish() == nil)
    }

    @Test("lines well over 128 KiB pass intact")
    func longLines() {
        var framer = LineFramer()
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 1_000_000)
        var lines: [LineFramer.Line] = []
        for start in stride(from: 0, to: long.count, by: 65_536) {
            lines += framer.append(long[start..<min(start + 65_536, long.count)])
        }
        lines += framer.append([UInt8(ascii: "\n")])
        #expect(lines == [.complete(long)])
    }

    @Test("a line over the limit is dropped and reported, the next line survives")
    func oversized() {
        var framer = LineFramer(maximumLineLength: 8)
        let lines = framer.append(Array("0123456789ABC\nok\n".utf8))
        #expect(lines == [.oversized(length: 13), .complete(Array("ok".utf8))])
    }
}
