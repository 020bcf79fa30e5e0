import Benchmark
import Proxy

/// Throughput of the tool buffer on a 1 MB block (one op = one MiB fed), in the shapes that
/// matter: plain text, many closed blocks, and one unclosed block (the old quadratic case), each
/// streamed in 4-byte deltas like a worker that sends tiny chunks, and in 256-byte deltas.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 50
    )
    let size = 1_048_576
    let block = #"<use_tool name="search">{"q": "swift"}</use_tool> "#
    let shapes: [(String, [UInt8])] = [
        ("plain text", Array(String(repeating: "plain text without tags, ", count: size / 25 + 1).utf8.prefix(size))),
        ("closed blocks", Array(String(repeating: block, count: size / block.utf8.count + 1).utf8.prefix(size))),
        ("one unclosed block", Array(("<use_tool name=\"big\">" + String(repeating: "x", count: size)).utf8.prefix(size))),
    ]
    for (name, text) in shapes {
        for deltaSize in [4, 256] {
            // ASCII only, so any cut is a whole character.
            let deltas = stride(from: 0, to: text.count, by: deltaSize).map { start in
                String(decoding: text[start..<min(start + deltaSize, text.count)], as: UTF8.self)
            }
            for (bound, label) in [(ToolCallBuffer.defaultMaxHeldBytes, "64 KiB bound"), (Int.max, "unbounded")] where name != "plain text" || bound != Int.max {
                Benchmark("1 MiB \(name), \(deltaSize)-byte deltas, \(label)") { benchmark in
                    for _ in benchmark.scaledIterations {
                        var buffer = ToolCallBuffer(maxHeldBytes: bound)
                        var released = 0
                        for delta in deltas { released += buffer.feed(delta).text.utf8.count }
                        released += buffer.finish().text.utf8.count
                        blackHole(released)
                    }
                }
            }
        }
    }
}
