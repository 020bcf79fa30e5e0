import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// The operations files in ops/ are checked by the tools that will read them.
@Suite("Operations files", .timeLimit(.minutes(1)))
struct OpsFilesTests {
    static let ops = BuiltProducts.repositoryRoot.appendingPathComponent("ops")

    func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) async throws -> (Bool, String) {
        let result = try await Subprocess.run(
            .name(tool), arguments: Arguments(arguments), workingDirectory: directory.map { FilePath($0.path) },
            output: .string(limit: 1 << 20), error: .string(limit: 1 << 20)
        )
        return (result.terminationStatus == .exited(0), result.standardOutput + result.standardError)
    }

    @Test("the example Prometheus configuration is valid (promtool check config)")
    func prometheusConfig() async throws {
        let folder = try TemporaryDirectory("prometheus-config")
        defer { folder.remove() }
        let source = Self.ops.appendingPathComponent("prometheus")
        for name in ["prometheus.yml", "recording_rules.yml", "alerts.yml"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
        }
        try Data("token\n".utf8).write(to: folder.url.appendingPathComponent("token"))
        let config = try String(contentsOf: folder.url.appendingPathComponent("prometheus.yml"), encoding: .utf8)
            .replacingOccurrences(of: "/etc/prometheus/codex-proxy-metrics-token", with: folder.url.appendingPathComponent("token").path)
        try Data(config.utf8).write(to: folder.url.appendingPathComponent("prometheus.yml"))
        let (valid, output) = try await run("promtool", ["check", "config", "prometheus.yml"], in: folder.url)
        #expect(valid, "\(output)")
    }

    @Test("the systemd unit passes systemd-analyze verify (with ExecStart pointed at the built binary)")
    func systemdUnit() async throws {
        let folder = try TemporaryDirectory("systemd-unit")
        defer { folder.remove() }
        let unit = try String(contentsOf: Self.ops.appendingPathComponent("systemd/codex-proxy.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/codex-proxy serve"))
        let local = unit.replacingOccurrences(of: "/usr/local/bin/codex-proxy", with: BuiltProducts.path(of: "codex-proxy"))
        let path = folder.url.appendingPathComponent("codex-proxy.service")
        try Data(local.utf8).write(to: path)
        let (verified, output) = try await run("systemd-analyze", ["verify", path.path])
        #expect(verified, "\(output)")
        #expect(!output.contains("Unknown"), "\(output)")
    }

    @Test("the systemd stop timeout is longer than the drain grace plus the 3 s the proxy needs to exit after it")
    func systemdStopTimeoutCoversTheDrain() throws {
        let unit = try String(contentsOf: Self.ops.appendingPathComponent("systemd/codex-proxy.service"), encoding: .utf8)
        func setting(_ prefix: String) -> String? {
            unit.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        }
        let graceMilliseconds = try #require(setting("Environment=WORKER_SHUTDOWN_GRACE_MS=").flatMap { Int($0) })
        let stopTimeout = try #require(setting("TimeoutStopSec="))
        #expect(stopTimeout.hasSuffix("s"), "TimeoutStopSec=\(stopTimeout) should be in seconds")
        let stopSeconds = try #require(Int(stopTimeout.dropLast()))
        #expect(stopSeconds * 1000 > graceMilliseconds + 3000, "TimeoutStopSec=\(stopTimeout) but grace is \(graceMilliseconds) ms")
        #expect(setting("KillSignal=") == "SIGTERM")
    }
}
