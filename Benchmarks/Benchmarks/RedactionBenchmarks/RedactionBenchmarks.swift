import Benchmark
import OrderedJSON
import Foundation
import Redaction

/// Redaction cost: the default rules on 200-byte log lines and 4 KiB JSON-RPC frames, with and
/// without PCRE2's JIT, and as the number of rules grows. Besides the framework's wall-clock and
/// malloc metrics, every benchmark reports `MB/s` and `ns/op` (one op = one line or frame),
/// measured over the inner loop.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, RedactionBenchmark.megabytesPerSecond, RedactionBenchmark.nanosecondsPerOp],
        units: [RedactionBenchmark.megabytesPerSecond: .count, RedactionBenchmark.nanosecondsPerOp: .count],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    let jit = try! Redactor()
    let interpreter = try! Redactor(options: .init(jit: false))

    RedactionBenchmark.text("line 200B, JIT", jit, Workloads.logLine)
    RedactionBenchmark.text("line 200B, interpreter", interpreter, Workloads.logLine)
    RedactionBenchmark.text("line 200B with 3 secrets, JIT", jit, Workloads.logLineWithSecrets)
    RedactionBenchmark.text("frame 4KiB, JIT", jit, Workloads.frame)
    RedactionBenchmark.text("frame 4KiB, interpreter", interpreter, Workloads.frame)
    RedactionBenchmark.text("frame 4KiB with 3 secrets, JIT", jit, Workloads.frameWithSecrets)
    RedactionBenchmark.json("frame 4KiB as JSONValue, JIT", jit, Workloads.frameJSON, bytes: Workloads.frame.utf8.count)

    for count in [1, 6, 12, 18, RedactionRule.defaults.count, 48, 73, 123] {
        let redactor = try! Redactor(rules: Workloads.rules(count: count))
        RedactionBenchmark.text("scaling: line 200B, \(count) rules, JIT", redactor, Workloads.logLine)
    }
    for count in [1, RedactionRule.defaults.count, 123] {
        let redactor = try! Redactor(rules: Workloads.rules(count: count))
        RedactionBenchmark.text("scaling: frame 4KiB, \(count) rules, JIT", redactor, Workloads.frame)
    }
}

/// Registers benchmarks that redact one input per inner iteration.
enum RedactionBenchmark {
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    static let nanosecondsPerOp = BenchmarkMetric.custom("ns/op", polarity: .prefersSmaller, useScalingFactor: false)

    static func text(_ name: String, _ redactor: Redactor, _ input: String) {
        register(name, bytes: input.utf8.count) { blackHole(redactor.redact(input)) }
    }

    static func json(_ name: String, _ redactor: Redactor, _ input: OrderedJSON.JSONValue, bytes: Int) {
        register(name, bytes: bytes) { blackHole(redactor.redact(input)) }
    }

    private static func register(_ name: String, bytes: Int, _ operation: @escaping @Sendable () -> Void) {
        Benchmark(name) { benchmark in
            let clock = ContinuousClock()
            let start = clock.now
            for _ in benchmark.scaledIterations {
                operation()
            }
            let elapsed = start.duration(to: clock.now)
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            let operations = Double(benchmark.scaledIterations.count)
            benchmark.measurement(nanosecondsPerOp, Int((nanoseconds / operations).rounded()))
            benchmark.measurement(megabytesPerSecond, Int((Double(bytes) * operations / nanoseconds * 1e3).rounded()))
        }
    }
}
