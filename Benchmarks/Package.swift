// swift-tools-version: 6.2
// The redaction, observability and tool-buffer benchmarks, kept out of the main package so that its build (and CI) never
// compiles the benchmark framework. Run them with `scripts/bench-redaction.sh` and `scripts/bench-observability.sh`
// and `scripts/bench-tool-buffer.sh`.
import PackageDescription

let package = Package(
    name: "codex-proxy-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "codex-proxy", path: ".."),
        // Malloc counting through the framework's interposer; the Linux ARC runtime interposer
        // (trait "RuntimeInterposer") is left off: its package is not needed for these metrics.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "RedactionBenchmarks",
            dependencies: [
                .product(name: "Redaction", package: "codex-proxy"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RedactionBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "ObservabilityBenchmarks",
            dependencies: [
                .product(name: "Proxy", package: "codex-proxy"),
                .product(name: "CodexAppServer", package: "codex-proxy"),
                .product(name: "Redaction", package: "codex-proxy"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ObservabilityBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "ToolBufferBenchmarks",
            dependencies: [
                .product(name: "Proxy", package: "codex-proxy"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ToolBufferBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
