import Foundation
import OrderedJSON
import Testing

/// The recording rules and alerts in ops/prometheus: valid for promtool, unit-tested alert by
/// alert, and each tied to a runbook section that exists.
@Suite("Alert rules", .timeLimit(.minutes(10)))
struct AlertRulesTests {
    static let folder = RuleFiles.folder

    @Test("promtool check rules passes on the recording rules and the alerts")
    func promtoolCheck() async throws {
        let outcome = try await OpsTool.run("promtool", ["check", "rules"] + RuleFiles.names, in: Self.folder)
        #expect(outcome.succeeded, "\(outcome)")
    }

    @Test("promtool test rules passes: every alert fires on its series and stays quiet on the others")
    func promtoolUnitTests() async throws {
        let outcome = try await OpsTool.run("promtool", ["test", "rules", "alerts_test.yml"], in: Self.folder)
        #expect(outcome.succeeded, "\(outcome)")
        #expect(outcome.output.contains("SUCCESS"), "\(outcome)")
    }

    @Test("the unit tests hold every alert to a firing case and a quiet case, and every burn-rate page to a reset")
    func everyAlertIsTested() async throws {
        let rules = try await RuleFiles.load()
        let cases = try await AlertTestCases.load(Self.folder.appendingPathComponent("alerts_test.yml"))
        #expect(rules.alerts.count >= 14)
        for alert in rules.alerts {
            let mine = cases.filter { $0.alert == alert.name }
            #expect(mine.contains { $0.fires }, "\(alert.name) has no test that fires it")
            #expect(mine.contains { !$0.fires }, "\(alert.name) has no test where it stays quiet")
            if alert.labels["short_window"] != nil {
                let reset = mine.contains { firing in
                    firing.fires && mine.contains { $0.group == firing.group && !$0.fires && $0.minutes > firing.minutes }
                }
                #expect(reset, "\(alert.name) has no test showing that it stops once the problem ends")
            }
        }
    }

    @Test("every alert has a severity and names a runbook section that exists in docs/runbook.md")
    func runbookSections() async throws {
        let rules = try await RuleFiles.load()
        let runbook = try String(contentsOf: OpsTool.root.appendingPathComponent("docs/runbook.md"), encoding: .utf8)
        let headings = Set(runbook.split(separator: "\n").filter { $0.hasPrefix("#") }.map { $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces) })
        for alert in rules.alerts {
            #expect(["page", "ticket"].contains(alert.labels["severity"] ?? ""), "\(alert.name): severity \(alert.labels["severity"] ?? "missing")")
            #expect(alert.annotations["runbook"] == "docs/runbook.md#\(alert.name.lowercased())", "\(alert.name): runbook \(alert.annotations["runbook"] ?? "missing")")
            #expect(headings.contains(alert.name), "docs/runbook.md has no section '\(alert.name)'")
            #expect(alert.annotations["summary"]?.isEmpty == false, "\(alert.name) has no summary")
        }
    }

    @Test("burn-rate alerts pair the windows and factors of docs/slo.md for each SLO")
    func burnRateWindows() async throws {
        let rules = try await RuleFiles.load()
        let expected: [(tier: String, long: String, short: String, factor: String, severity: String)] = [
            ("Fast", "1h", "5m", "14.4", "page"), ("Medium", "6h", "30m", "6", "page"), ("Slow", "3d", "6h", "1", "ticket"),
        ]
        let recorded = Set(rules.recordings.map(\.name))
        for slo in ["Availability", "Latency", "FirstToken"] {
            for tier in expected {
                let alert = try #require(rules.alerts.first { $0.name == "Codex\(slo)BudgetBurn\(tier.tier)" }, "Codex\(slo)BudgetBurn\(tier.tier) missing")
                #expect(alert.labels["long_window"] == tier.long && alert.labels["short_window"] == tier.short && alert.labels["severity"] == tier.severity)
                #expect(alert.expression.contains(":ratio_rate\(tier.long) > (\(tier.factor) * "), "\(alert.name): \(alert.expression)")
                #expect(alert.expression.contains(":ratio_rate\(tier.short) > (\(tier.factor) * "), "\(alert.name): \(alert.expression)")
                let used = alert.expression.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasPrefix("job:") }
                for series in used { #expect(recorded.contains(String(series)), "\(alert.name) reads \(series), which no rule records") }
            }
        }
    }
}

/// One `alert_rule_test` entry of a promtool unit-test file.
struct AlertTestCases {
    var group: Int
    var alert: String
    var minutes: Int
    var fires: Bool

    static func load(_ url: URL) async throws -> [AlertTestCases] {
        let document = try await OpsTool.yaml(url)
        var cases: [AlertTestCases] = []
        for (index, group) in (document["tests"]?.arrayValue ?? []).enumerated() {
            for test in group["alert_rule_test"]?.arrayValue ?? [] {
                let time = test["eval_time"]?.stringValue ?? ""
                cases.append(
                    AlertTestCases(
                        group: index, alert: test["alertname"]?.stringValue ?? "", minutes: minutes(time),
                        fires: !(test["exp_alerts"]?.arrayValue ?? []).isEmpty
                    )
                )
            }
        }
        return cases
    }

    /// "90m", "7h", "3d" in minutes.
    static func minutes(_ duration: String) -> Int {
        let value = Int(duration.dropLast()) ?? 0
        switch duration.last {
        case "h": return value * 60
        case "d": return value * 1440
        default: return value
        }
    }
}
