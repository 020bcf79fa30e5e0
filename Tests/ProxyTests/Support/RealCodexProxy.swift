import Foundation
import OrderedJSON
import TestSupport
import Testing

/// A proxy in this process in front of the real codex 0.163.0, which talks to the loopback mock
/// Responses API; for tests that check what the model received through the proxy.
///
/// Runs only inside a loopback-only network namespace: outside one it records an issue and runs
/// nothing. Each run has its own folder (codex's homes, work directory, the mock's dump).
enum RealCodexProxy {
    /// What a test gets: the proxy, and the requests the mock received so far, parsed, in order.
    struct Run: Sendable {
        let proxy: ProxyHarness
        let dumpDirectory: String

        /// The request bodies the model received, oldest first.
        func modelRequests() throws -> [JSONValue] {
            let names = try FileManager.default.contentsOfDirectory(atPath: dumpDirectory).filter { $0.hasSuffix(".json") }.sorted()
            return try names.map { try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: "\(dumpDirectory)/\($0)")))["body"] ?? .null }
        }
    }

    static func run(_ name: String, environment: [String: String] = [:], _ body: @Sendable (Run) async throws -> Void) async throws {
        let real = try #require(RealCodex.binaryPath)
        try #require(FileManager.default.isExecutableFile(atPath: real), "CODEX_REAL_BIN=\(real) is not an executable file")
        if let violation = NetworkIsolation.violation() {
            Issue.record(Comment(rawValue: violation))
            return
        }
        let folder = try TemporaryDirectory(name)
        defer { folder.remove() }
        let dump = folder.url.appendingPathComponent("dump").path
        try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
        let launcher = try RealCodexProxyTests.writeLauncher(for: real, in: folder.url)
        try await MockResponsesServer.withServer(dumpDirectory: dump) { port in
            let arguments = RealCodex.mockSettings(port: port).map { "-c '\($0)'" }.joined(separator: " ")
            var settings = ["CODEX_BIN": launcher, "CODEX_ARGS": arguments, "CODEX_WORKDIR": folder.url.appendingPathComponent("work").path]
            settings.merge(environment) { $1 }
            try await ProxyHarness.run(environment: settings) { proxy in
                try await body(Run(proxy: proxy, dumpDirectory: dump))
            }
        }
    }
}
