import Foundation
import OrderedJSON

/// The Prometheus rule files in ops/prometheus, read as data: every recording rule and alert
/// with its expression, so tests can hold dashboards, runbook and Kubernetes manifests to them.
struct RuleFiles: Sendable {
    /// The rule files Prometheus loads, in load order.
    static let names = ["recording_rules.yml", "alerts.yml"]
    static let folder = OpsTool.ops.appendingPathComponent("prometheus")

    struct Rule: Sendable {
        var group: String
        /// The recorded series or the alert's name.
        var name: String
        var isAlert: Bool
        var expression: String
        var labels: [String: String]
        var annotations: [String: String]
    }

    /// The groups of each file, as parsed.
    var groups: [JSONValue]
    var rules: [Rule]

    var alerts: [Rule] { rules.filter(\.isAlert) }
    var recordings: [Rule] { rules.filter { !$0.isAlert } }

    static func load() async throws -> RuleFiles {
        var groups: [JSONValue] = []
        var rules: [Rule] = []
        for name in names {
            let document = try await OpsTool.yaml(folder.appendingPathComponent(name))
            for group in document["groups"]?.arrayValue ?? [] {
                groups.append(group)
                let groupName = group["name"]?.stringValue ?? ""
                for rule in group["rules"]?.arrayValue ?? [] {
                    let alert = rule["alert"]?.stringValue
                    rules.append(
                        Rule(
                            group: groupName, name: alert ?? rule["record"]?.stringValue ?? "", isAlert: alert != nil,
                            expression: rule["expr"]?.stringValue ?? "", labels: strings(rule["labels"]), annotations: strings(rule["annotations"])
                        )
                    )
                }
            }
        }
        return RuleFiles(groups: groups, rules: rules)
    }

    private static func strings(_ value: JSONValue?) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in value?.objectValue ?? [:] { result[key] = value.stringValue }
        return result
    }
}
