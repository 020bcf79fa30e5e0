import CodexAppServer
import TestSupport
import Testing

/// The contiguous (memchr) path frames exactly like the byte-at-a-time path, whatever the bytes,
/// the chunking and the line limit.
@Suite("LineFramer: contiguous path")
struct LineFramerEquivalenceTests {
    @Test("random bytes in random chunks give the same lines both ways", arguments: 0..<40)
    func sameLinesBothWays(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let alphabet: [UInt8] = Array("ab{}\"\r\n\n".utf8)
        let bytes = (0..<Int(random.next() % 5000)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        let limit = Int(random.next() % 64) + 1
        var byteWise = LineFramer(maximumLineLength: limit)
        var contiguous = LineFramer(maximumLineLength: limit)
        var expected: [LineFramer.Line] = []
        var actual: [LineFramer.Line] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int(random.next() % 300) + 1)
            let chunk = Array(bytes[start..<end])
            expected += byteWise.append(chunk.lazy.map { $0 })
            actual += chunk.withUnsafeBytes { contiguous.append($0) }
            start = end
        }
        #expect(actual == expected)
        #expect(contiguous.finish() == byteWise.finish())
    }
}
