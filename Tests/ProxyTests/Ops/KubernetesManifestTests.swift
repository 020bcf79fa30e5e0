import Foundation
import OrderedJSON
import TestSupport
import Testing

/// ops/kubernetes: the kustomize base renders, validates against the Kubernetes schemas offline,
/// and holds the settings the proxy's behaviour depends on.
@Suite("Kubernetes manifests", .timeLimit(.minutes(3)))
struct KubernetesManifestTests {
    static let base = OpsTool.ops.appendingPathComponent("kubernetes/base")

    /// `kubectl kustomize` of the base: the rendered text and its documents by kind.
    static func rendered() async throws -> (text: String, byKind: [String: JSONValue]) {
        let outcome = try await OpsTool.run("kubectl", ["kustomize", base.path])
        guard outcome.succeeded else { throw OpsTool.YAMLError(description: "kubectl kustomize failed: \(outcome)") }
        let folder = try TemporaryDirectory("kustomize")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("rendered.yaml")
        try Data(outcome.output.utf8).write(to: file)
        var byKind: [String: JSONValue] = [:]
        for document in try await OpsTool.yamlDocuments(file) {
            if let kind = document["kind"]?.stringValue { byKind[kind] = document }
        }
        return (outcome.output, byKind)
    }

    @Test("the base renders with kustomize and kubernetes-validate --strict passes every built-in resource")
    func validates() async throws {
        let (text, byKind) = try await Self.rendered()
        #expect(Set(byKind.keys) == [
            "ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
        ])
        let folder = try TemporaryDirectory("kubernetes-validate")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("rendered.yaml")
        try Data(text.utf8).write(to: file)
        let outcome = try await OpsTool.run("kubernetes-validate", ["--strict", file.path])
        #expect(outcome.succeeded, "\(outcome)")
        for kind in ["deployment", "service", "poddisruptionbudget", "networkpolicy", "horizontalpodautoscaler", "serviceaccount"] {
            #expect(outcome.output.contains("passed for resource \(kind)/codex-proxy"), "\(kind): \(outcome)")
        }
    }

    @Test("kubernetes-validate is not a rubber stamp: an unknown field in the Deployment fails it")
    func validatorCatchesABadManifest() async throws {
        let (text, _) = try await Self.rendered()
        let folder = try TemporaryDirectory("kubernetes-invalid")
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("rendered.yaml")
        try Data(text.replacingOccurrences(of: "terminationGracePeriodSeconds:", with: "terminationGraceSeconds:").utf8).write(to: file)
        let outcome = try await OpsTool.run("kubernetes-validate", ["--strict", file.path])
        #expect(!outcome.succeeded, "\(outcome)")
    }

    @Test("the PrometheusRule holds exactly the rules of ops/prometheus, and is what the generator writes")
    func prometheusRuleMatchesRuleFiles() async throws {
        let generated = try await OpsTool.run("python3", [OpsTool.ops.appendingPathComponent("kubernetes/generate-prometheusrule.py").path, "--stdout"])
        #expect(generated.succeeded, "\(generated)")
        let committed = try String(contentsOf: Self.base.appendingPathComponent("prometheusrule.yaml"), encoding: .utf8)
        #expect(generated.output == committed, "base/prometheusrule.yaml is stale: run ops/kubernetes/generate-prometheusrule.py")

        let (_, byKind) = try await Self.rendered()
        let rule = try #require(byKind["PrometheusRule"])
        let files = try await RuleFiles.load()
        let groups = rule["spec"]?["groups"]?.arrayValue ?? []
        #expect(groups.map(Self.canonical) == files.groups.map(Self.canonical), "the PrometheusRule's groups differ from ops/prometheus")
        let inRule = groups.flatMap { $0["rules"]?.arrayValue ?? [] }.map { ($0["alert"] ?? $0["record"])?.stringValue ?? "" }
        #expect(inRule == files.rules.map(\.name))
        // What the Prometheus Operator's CRD requires of each group and rule.
        for group in groups {
            #expect(group["name"]?.stringValue?.isEmpty == false)
            for entry in group["rules"]?.arrayValue ?? [] {
                #expect(entry["expr"]?.stringValue?.isEmpty == false)
                #expect((entry["alert"] == nil) != (entry["record"] == nil), "exactly one of alert and record: \(entry)")
                if let duration = entry["for"]?.stringValue { #expect(duration.range(of: #"^([0-9]+[smhd])+$"#, options: .regularExpression) != nil) }
            }
        }
    }

    @Test("the pod is locked down: non-root, no privilege escalation, no capabilities, read-only root with only .codex-api, the worker home and /tmp writable")
    func podIsLockedDown() async throws {
        let (_, byKind) = try await Self.rendered()
        let pod = try #require(byKind["Deployment"]?["spec"]?["template"]?["spec"])
        #expect(pod["securityContext"]?["runAsNonRoot"]?.boolValue == true)
        #expect((pod["securityContext"]?["runAsUser"]?.integerValue ?? 0) > 0)
        #expect(pod["automountServiceAccountToken"]?.boolValue == false)
        let containers = pod["containers"]?.arrayValue ?? []
        #expect(containers.count == 1, "one proxy (and so one worker) per pod")
        let container = try #require(containers.first)
        let security = try #require(container["securityContext"])
        #expect(security["readOnlyRootFilesystem"]?.boolValue == true)
        #expect(security["allowPrivilegeEscalation"]?.boolValue == false)
        #expect(security["capabilities"]?["drop"]?[0] == "ALL")
        let mounts = (container["volumeMounts"]?.arrayValue ?? []).compactMap { $0["mountPath"]?.stringValue }
        #expect(Set(mounts) == ["/var/lib/codex-proxy/.codex-api", "/var/lib/codex-proxy/.codex", "/tmp"])
        let volumes = pod["volumes"]?.arrayValue ?? []
        #expect(volumes.allSatisfy { $0["emptyDir"] != nil }, "writable paths are pod-local emptyDirs")
        let env = Self.environment(container)
        #expect(env["PROXY_TRACE_DIR"]?.hasPrefix("/var/lib/codex-proxy/.codex-api/") == true)
    }

    @Test("probes use the proxy's endpoints: startup and readiness on /readyz, liveness on /livez")
    func probes() async throws {
        let (_, byKind) = try await Self.rendered()
        let container = try #require(byKind["Deployment"]?["spec"]?["template"]?["spec"]?["containers"]?[0])
        #expect(container["startupProbe"]?["httpGet"]?["path"] == "/readyz")
        #expect(container["readinessProbe"]?["httpGet"]?["path"] == "/readyz")
        #expect(container["livenessProbe"]?["httpGet"]?["path"] == "/livez")
    }

    @Test("terminationGracePeriodSeconds covers the preStop pause, the drain grace and the 3 s stop bound")
    func terminationGraceCoversTheDrain() async throws {
        let (_, byKind) = try await Self.rendered()
        let pod = try #require(byKind["Deployment"]?["spec"]?["template"]?["spec"])
        let container = try #require(pod["containers"]?[0])
        let grace = try #require(Self.environment(container)["WORKER_SHUTDOWN_GRACE_MS"].flatMap { Int($0) })
        let preStop = (container["lifecycle"]?["preStop"]?["exec"]?["command"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(preStop.first == "/bin/sleep")
        let pause = try #require(preStop.last.flatMap { Int($0) })
        let termination = try #require(pod["terminationGracePeriodSeconds"]?.integerValue)
        #expect(Int(termination) * 1000 > pause * 1000 + grace + 3000, "\(termination) s for \(pause) s + \(grace) ms + 3 s")
    }

    @Test("keys and tokens are referenced from a Secret, never written into the manifests")
    func secretsAreReferencedNotInlined() async throws {
        let (text, byKind) = try await Self.rendered()
        let container = try #require(byKind["Deployment"]?["spec"]?["template"]?["spec"]?["containers"]?[0])
        for variable in ["PROXY_API_KEY", "PROXY_MAINTENANCE_TOKEN", "PROXY_METRICS_TOKEN"] {
            let entry = try #require((container["env"]?.arrayValue ?? []).first { $0["name"]?.stringValue == variable }, "\(variable) missing")
            #expect(entry["value"] == nil, "\(variable) is inlined")
            #expect(entry["valueFrom"]?["secretKeyRef"]?["name"] == "codex-proxy-secrets")
        }
        #expect(byKind["Secret"] == nil)
        #expect(!text.contains("change-me"))
        let monitor = try #require(byKind["ServiceMonitor"]?["spec"]?["endpoints"]?[0])
        #expect(monitor["authorization"]?["credentials"]?["name"] == "codex-proxy-secrets")
        #expect(monitor["port"] == "metrics")
    }

    @Test("the NetworkPolicy admits the metrics port only from the monitoring namespace")
    func networkPolicyLimitsMetrics() async throws {
        let (_, byKind) = try await Self.rendered()
        let rules = byKind["NetworkPolicy"]?["spec"]?["ingress"]?.arrayValue ?? []
        let metricsRules = rules.filter { rule in (rule["ports"]?.arrayValue ?? []).contains { $0["port"]?.integerValue == 9464 } }
        #expect(metricsRules.count == 1)
        let from = metricsRules.first?["from"]?.arrayValue ?? []
        #expect(from.count == 1)
        #expect(from.first?["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"] == "monitoring")
        #expect(from.first?["podSelector"] == nil)
        for rule in rules where !metricsRules.contains(rule) {
            #expect(!(rule["ports"]?.arrayValue ?? []).contains { $0["port"]?.integerValue == 9464 })
            #expect(rule["ports"] != nil, "an ingress rule without ports would open every port: \(rule)")
        }
        let service = (byKind["Service"]?["spec"]?["ports"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        #expect(service.contains("metrics") && service.contains("http"))
    }

    /// `value` with every object's keys sorted: kustomize reorders keys, and key order means
    /// nothing to Prometheus.
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var sorted = JSONObject()
            for key in object.keys.sorted() { sorted[key] = canonical(object[key]!) }
            return .object(sorted)
        case .array(let items):
            return .array(items.map(canonical))
        default:
            return value
        }
    }

    static func environment(_ container: JSONValue) -> [String: String] {
        var result: [String: String] = [:]
        for entry in container["env"]?.arrayValue ?? [] {
            if let name = entry["name"]?.stringValue, let value = entry["value"]?.stringValue { result[name] = value }
        }
        return result
    }
}
