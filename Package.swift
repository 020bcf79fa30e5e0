// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "codex-proxy",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "CodexAppServer", targets: ["CodexAppServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
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

        // MARK: Executables

        // MARK: Test support
        .target(
            name: "TestSupport",
            dependencies: [
                "OrderedJSON",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            path: "Tests/TestSupport"
        ),

        // MARK: Tests
        .testTarget(
            name: "OrderedJSONTests",
            dependencies: ["OrderedJSON"]
        ),
        .testTarget(
            name: "CodexAppServerTests",
            dependencies: ["CodexAppServer"]
        ),
    ]
)
