// libFuzzer target for ToolCallBuffer (built by scripts/fuzz.sh together with
// Sources/Proxy/Chat/ToolCallBuffer.swift; no other dependency).
// The first input byte picks the bound, the next ones the delta sizes; the rest is the text.

@_cdecl("LLVMFuzzerTestOneInput")
public func toolBufferFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count > 2 else { return 0 }
    let bound = 20 + Int(input[0]) * 4
    let sizes = [Int(input[1] % 16) + 1, Int(input[1] / 16) + 1]
    let text = String(decoding: input[2...], as: UTF8.self)
    var buffer = ToolCallBuffer(maxHeldBytes: bound)
    var output = ""
    var rest = Substring(text)
    var step = 0
    while !rest.isEmpty {
        let delta = String(rest.prefix(sizes[step % 2]))
        rest = rest.dropFirst(sizes[step % 2])
        step += 1
        output += buffer.feed(delta).text
        precondition(buffer.heldByteCount <= max(buffer.maxHeldBytes, delta.utf8.count + 8), "held more than the bound")
    }
    output += buffer.finish().text
    precondition(output == text, "text lost or reordered")
    return 0
}
