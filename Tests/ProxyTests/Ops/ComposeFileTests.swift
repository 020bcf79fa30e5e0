import Foundation
import OrderedJSON
import TestSupport
import Testing

/// ops/compose: valid for docker-compose and the Compose Specification, and only the API on the
/// public router.
@Suite("Compose file", .timeLimit(.minutes(2)))
struct ComposeFileTests {
    static let folder = OpsTool.ops.appendingPathComponent("compose")
    static let tokens = ["PROXY_API_KEY": "api-key-0123456789abcdef", "PROXY_MAINTENANCE_TOKEN": "maintenance-0123456789", "PROXY_METRICS_TOKEN": "metrics-0123456789ab"]

    /// `docker-compose config` on a copy of ops/ (with the secret file the stack expects), as YAML.
    static func resolved() async throws -> (OpsTool.Outcome, JSONValue?) {
        let copy = try TemporaryDirectory("compose")
        defer { copy.remove() }
        try FileManager.default.copyItem(at: OpsTool.ops, to: copy.url.appendingPathComponent("ops"))
        let compose = copy.url.appendingPathComponent("ops/compose")
        try FileManager.default.createDirectory(at: compose.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try Data("metrics-0123456789ab".utf8).write(to: compose.appendingPathComponent("secrets/metrics-token"))
        let outcome = try await OpsTool.run("docker-compose", ["-f", "docker-compose.yml", "config"], in: compose, environment: tokens)
        guard outcome.succeeded else { return (outcome, nil) }
        let file = copy.url.appendingPathComponent("resolved.yml")
        try Data(outcome.output.utf8).write(to: file)
        return (outcome, try await OpsTool.yaml(file))
    }

    @Test("docker-compose config validates the stack, and the file matches the Compose Specification schema")
    func validates() async throws {
        let (outcome, config) = try await Self.resolved()
        #expect(outcome.succeeded, "\(outcome)")
        let services = Set(config?["services"]?.objectValue?.keys.map { $0 } ?? [])
        #expect(services == ["proxy", "traefik", "prometheus", "grafana"])
        let schema = try await OpsTool.run("check-jsonschema", ["--builtin-schema", "vendor.compose-spec", Self.folder.appendingPathComponent("docker-compose.yml").path])
        #expect(schema.succeeded, "\(schema)")
    }

    @Test("the stack refuses to start without its tokens")
    func tokensAreRequired() async throws {
        let outcome = try await OpsTool.run(
            "docker-compose", ["-f", "docker-compose.yml", "config"], in: Self.folder,
            environment: ["PROXY_API_KEY": "", "PROXY_MAINTENANCE_TOKEN": "", "PROXY_METRICS_TOKEN": ""]
        )
        #expect(!outcome.succeeded)
        #expect(outcome.output.contains("set PROXY_API_KEY"), "\(outcome)")
    }

    @Test("Traefik's one public router matches /v1/ only; probes, /metrics and /internal stay off it; only Traefik publishes a public port")
    func publicRouterServesOnlyTheAPI() async throws {
        let (outcome, resolved) = try await Self.resolved()
        let config = try #require(resolved, "\(outcome)")
        let services = try #require(config["services"])
        var rules: [String] = []
        for (name, service) in services.objectValue ?? [:] {
            for (key, value) in service["labels"]?.objectValue ?? [:] where key.hasPrefix("traefik.http.routers.") && key.hasSuffix(".rule") {
                rules.append("\(name): \(value.stringValue ?? "")")
            }
            for port in service["ports"]?.arrayValue ?? [] {
                let text = port.stringValue ?? "\(port)"
                if name != "traefik" { #expect(text.hasPrefix("127.0.0.1:"), "\(name) publishes \(text) beyond loopback") }
            }
        }
        #expect(rules == ["proxy: PathPrefix(`/v1/`)"])
        let command = (services["traefik"]?["command"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(command.contains("--providers.docker.exposedbydefault=false"))
        let proxy = try #require(services["proxy"])
        #expect(proxy["ports"] == nil, "the proxy must be reached through Traefik only")
        #expect(proxy["labels"]?["traefik.http.services.codex-api.loadbalancer.healthcheck.path"] == "/readyz")
        let healthcheck = (proxy["healthcheck"]?["test"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
        #expect(healthcheck.contains("/readyz"))
        #expect(proxy["read_only"]?.boolValue == true && proxy["user"] == "10001:10001")
        #expect(proxy["stop_grace_period"] == "20s", "must exceed WORKER_SHUTDOWN_GRACE_MS + 3 s")
        #expect(proxy["environment"]?["WORKER_SHUTDOWN_GRACE_MS"] == "10000")
        let mounts = (services["grafana"]?["volumes"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(mounts.contains { $0.hasSuffix("ops/grafana/dashboards:/var/lib/grafana/dashboards/codex-proxy:ro") }, "\(mounts)")
        #expect(mounts.contains { $0.contains("ops/grafana/provisioning:/etc/grafana/provisioning") }, "\(mounts)")
    }

    @Test("the compose Prometheus configuration is valid and loads the rule files of ops/prometheus")
    func prometheusConfig() async throws {
        let folder = try TemporaryDirectory("compose-prometheus")
        defer { folder.remove() }
        for name in RuleFiles.names {
            try FileManager.default.copyItem(at: RuleFiles.folder.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
        }
        let config = try String(contentsOf: Self.folder.appendingPathComponent("prometheus.yml"), encoding: .utf8)
        try Data("token\n".utf8).write(to: folder.url.appendingPathComponent("token"))
        try Data(config.replacingOccurrences(of: "/run/secrets/metrics-token", with: folder.url.appendingPathComponent("token").path).utf8)
            .write(to: folder.url.appendingPathComponent("prometheus.yml"))
        let outcome = try await OpsTool.run("promtool", ["check", "config", "prometheus.yml"], in: folder.url)
        #expect(outcome.succeeded, "\(outcome)")
        let rules = try await RuleFiles.load()
        #expect(outcome.output.contains("SUCCESS: \(rules.recordings.count) rules found"), "\(outcome)")
        #expect(outcome.output.contains("SUCCESS: \(rules.alerts.count) rules found"), "\(outcome)")
    }
}
