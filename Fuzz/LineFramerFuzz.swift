// libFuzzer target for the JSON-RPC line framer (built by scripts/fuzz.sh together with
// Sources/CodexAppServer/Framing/LineFramer.swift). The first byte picks the chunk size; the
// framed lines must not depend on it, and no line may exceed the limit.

@_cdecl("LLVMFuzzerTestOneInput")
public func lineFramerFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let stream = input.dropFirst()
    let chunk = Int(first % 32) + 1
    var whole = LineFramer(maximumLineLength: 64)
    let expected = whole.append(stream) + [whole.finish()].compactMap { $0 }
    var pieces = LineFramer(maximumLineLength: 64)
    var framed: [LineFramer.Line] = []
    var offset = stream.startIndex
    while offset < stream.endIndex {
        let end = min(stream.endIndex, offset + chunk)
        framed += pieces.append(stream[offset..<end])
        offset = end
    }
    framed += [pieces.finish()].compactMap { $0 }
    precondition(framed == expected, "chunking changed the lines")
    for case .complete(let line) in framed { precondition(line.count <= 64) }
    return 0
}
