@testable import CodexAppServer
import OrderedJSON
import PropertyBased
import Testing

/// The JSON-RPC line framer and message classification under random chunking and garbage.
@Suite("Fuzz: JSON-RPC line framer")
struct LineFramerPropertyTests {
    @Test("any chunking yields the same lines; oversized lines are skipped, memory stays bounded")
    func chunkingIsInvisible() async {
        let line = Gen.uint8(in: 0...255).filter { $0 != 10 }.array(of: 0...120)
        let lines = line.array(of: 0...20)
        let cuts = Gen.int(in: 1...64).array(of: 1...10)
        await propertyCheck(count: 300, input: lines, cuts) { lines, cuts in
            let limit = 64
            let stream: [UInt8] = lines.flatMap { line -> [UInt8] in line + [10] }
            var framer = LineFramer(maximumLineLength: limit)
            var framed: [LineFramer.Line] = []
            var offset = 0
            var step = 0
            while offset < stream.count {
                let end = min(stream.count, offset + cuts[step % cuts.count])
                framed += framer.append(stream[offset..<end])
                offset = end
                step += 1
            }
            #expect(framer.finish() == nil)
            let expected: [LineFramer.Line] = lines.map { line in
                if line.count > limit { return .oversized(length: line.count) }
                return .complete(line.last == 13 ? Array(line.dropLast()) : line)
            }
            #expect(framed == expected)
        }
    }

    @Test("random and mutated lines classify or fail with an error, never crash")
    func classification() async {
        let sample = Array(#"{"jsonrpc":"2.0","id":7,"method":"item/agentMessage/delta","params":{"threadId":"t","itemId":"i","delta":"x"}}"#.utf8)
        let flips = Gen.int(in: 0...(sample.count - 1)).array(of: 0...6)
        let values = Gen.uint8().array(of: 6)
        await propertyCheck(count: 500, input: flips, values) { flips, values in
            var line = sample
            for (index, position) in flips.enumerated() { line[position] = values[index] }
            _ = try? RPCMessage(line: line)
        }
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...512)) { bytes in
            _ = try? RPCMessage(line: bytes)
        }
    }
}
