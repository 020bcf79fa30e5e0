import Benchmark
import CodexAppServer
import Foundation
import Logging
import Proxy
import Redaction

/// What observing one request costs on the hot path: the metrics observations and the log lines
/// (formatted as JSON and redacted) that the proxy emits at the default level, written to a sink
/// that discards them. One op = one request.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, ObservationBenchmark.nanosecondsPerRequest],
        units: [ObservationBenchmark.nanosecondsPerRequest: .count],
        warmupIterations: 3,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    let redactor = try! Redactor()
    let metrics = try! ProxyMetrics(advertisedModels: ["gpt-5.1-codex"])
    let logger = ProxyLogging.logger(level: .info, format: .json, redactor: redactor, writer: LogLineWriter { _ in true })
    let requestObserver = metrics.requestObserver
    let usage = ChatUsage(TokenUsageBreakdown(totalTokens: 107, inputTokens: 100, cachedInputTokens: 10, outputTokens: 7, reasoningOutputTokens: 2))
    let completed = CompletedRequest(
        route: "/v1/chat/completions", method: "POST", status: 200, model: "gpt-5.1-codex", usage: usage, errorCode: nil,
        latency: .microseconds(93_412)
    )
    let requestLogger = ObservationBenchmark.requestScoped(logger)
    let streamLogger = requestLogger

    ObservationBenchmark.register("metrics only: one JSON request") {
        requestObserver.requestCompleted(completed)
    }
    ObservationBenchmark.register("logs only: request_completed line") {
        requestLogger.info("request_completed", metadata: completed.logMetadata)
    }
    ObservationBenchmark.register("full observation: one JSON request (metrics + egress log)") {
        requestObserver.requestCompleted(completed)
        requestLogger.info("request_completed", metadata: completed.logMetadata)
    }
    ObservationBenchmark.register("full observation: one streamed request (metrics + 4 log lines)") {
        streamLogger.info("stream_started", metadata: ["model": "gpt-5.1-codex"])
        streamLogger.info("stream_first_token", metadata: ["model": "gpt-5.1-codex", "latency_ms": .stringConvertible(21)])
        streamLogger.info("stream_done", metadata: ["model": "gpt-5.1-codex", "outcome": "completed"])
        requestObserver.requestCompleted(completed)
        requestLogger.info("request_completed", metadata: completed.logMetadata)
    }
}

/// Registers benchmarks whose inner loop observes one request per iteration.
enum ObservationBenchmark {
    static let nanosecondsPerRequest = BenchmarkMetric.custom("ns/request", polarity: .prefersSmaller, useScalingFactor: false)

    /// The logger a request's handlers use: the request id and component attached.
    static func requestScoped(_ logger: Logger) -> Logger {
        var logger = logger
        logger[metadataKey: "request_id"] = "req_8f3a9c0d1e2f3a4b5c6d7e8f"
        logger[metadataKey: "component"] = "http"
        return logger
    }

    static func register(_ name: String, _ operation: @escaping @Sendable () -> Void) {
        Benchmark(name) { benchmark in
            let clock = ContinuousClock()
            let start = clock.now
            for _ in benchmark.scaledIterations {
                operation()
            }
            let elapsed = clock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            benchmark.measurement(nanosecondsPerRequest, Int((nanoseconds / Double(benchmark.scaledIterations.count)).rounded()))
        }
    }
}
