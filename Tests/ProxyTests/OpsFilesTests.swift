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

    @Test("the alert rules parse (promtool check rules) and fire as their unit tests expect (promtool test rules)")
    func alertRules() async throws {
        let prometheus = Self.ops.appendingPathComponent("prometheus")
        let (checked, checkOutput) = try await run("promtool", ["check", "rules", "alerts.yml"], in: prometheus)
        #expect(checked, "\(checkOutput)")
        let (tested, testOutput) = try await run("promtool", ["test", "rules", "alerts_test.yml"], in: prometheus)
        #expect(tested, "\(testOutput)")
    }

    @Test("the example Prometheus configuration is valid (promtool check config)")
    func prometheusConfig() async throws {
        let folder = try TemporaryDirectory("prometheus-config")
        defer { folder.remove() }
        let source = Self.ops.appendingPathComponent("prometheus")
        for name in ["prometheus.yml", "alerts.yml"] {
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
}
