// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "codex-proxy",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "codex-proxy", targets: ["CodexProxy"]),
        .executable(name: "fake-codex", targets: ["FakeWorker"]),
        .executable(name: "loadsim", targets: ["LoadSim"]),
        .library(name: "CodexAppServer", targets: ["CodexAppServer"]),
        .library(name: "Redaction", targets: ["Redaction"]),
        .library(name: "CodexWorker", targets: ["CodexWorker"]),
        .library(name: "Proxy", targets: ["Proxy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: Libraries
        .target(
            name: "OrderedJSON",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(
            name: "CodexAppServer",
            dependencies: ["OrderedJSON"]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(
            name: "Redaction",
            dependencies: ["CPCRE2", "OrderedJSON"]
        ),

        .target(
            name: "CodexWorker",
            dependencies: [
                "CodexAppServer",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "Proxy",
            dependencies: [
                "CodexAppServer",
                "CodexWorker",
                "Redaction",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Executables
        .executableTarget(
            name: "CodexProxy",
            dependencies: [
                "Proxy",
                "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "FakeWorker",
            dependencies: [
                "CodexAppServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .executableTarget(
            name: "LoadSim",
            dependencies: [
                "CodexAppServer",
                "OrderedJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: Test support
        .target(
            name: "TestSupport",
            dependencies: [
                "OrderedJSON",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            path: "Tests/TestSupport"
        ),
        .target(
            name: "ConformanceKit",
            dependencies: ["CodexAppServer", "TestSupport"],
            path: "Tests/ConformanceKit"
        ),

        // MARK: Tests
        .testTarget(
            name: "OrderedJSONTests",
            dependencies: ["OrderedJSON"]
        ),
        .testTarget(
            name: "CodexAppServerTests",
            dependencies: ["CodexAppServer", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "CodexWorkerTests",
            dependencies: ["CodexWorker", "TestSupport"]
        ),
        .testTarget(
            name: "ProxyTests",
            dependencies: [
                "Proxy",
                "TestSupport",
                "FakeWorker",
                "CodexProxy",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "RedactionTests",
            dependencies: ["Redaction", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "FakeWorkerTests",
            dependencies: ["FakeWorker", "CodexAppServer", "ConformanceKit", "TestSupport"]
        ),
        .testTarget(
            name: "LoadSimTests",
            dependencies: [
                "LoadSim",
                "OrderedJSON",
                "TestSupport",
                "FakeWorker",
                "CodexProxy",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
    ]
)
