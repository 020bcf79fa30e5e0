import Foundation
import OrderedJSON
import TestSupport
import Testing

/// The dashboard and the rules against a real Prometheus scraping a real codex-proxy process
/// (fake-codex worker) under a short, bounded load.
@Suite("Dashboard and rules on a real Prometheus", .timeLimit(.minutes(4)))
struct DashboardPrometheusTests {
    @Test("every panel query and every rule expression is valid and returns series; Prometheus evaluates every rule without error")
    func everyQueryHasData() async throws {
        let folder = try TemporaryDirectory("dashboard-live")
        defer { folder.remove() }
        let process = try await ProxyProcess.start(environment: TrafficMix.environment(traceDirectory: folder.url.appendingPathComponent("traces").path))
        defer { process.terminate() }
        let proxy = try await process.waitUntilReady()
        let target = proxy.baseURL.replacingOccurrences(of: "http://", with: "")
        let ruleFiles = RuleFiles.names.map { RuleFiles.folder.appendingPathComponent($0) }
        try await PrometheusServer.run(scraping: target, ruleFiles: ruleFiles) { prometheus in
            try await proxy.waitUntil("the first scrapes", timeout: .seconds(30)) {
                (try await prometheus.query("count_over_time(codex_worker_ready[1m])") ?? 0) >= 2
            }
            // Bounded load: 30 rounds of six requests, a maintenance window and a worker kill in
            // the middle; at most about a minute on a busy machine.
            var statuses: [Int] = []
            let stopAt = ContinuousClock.now + .seconds(60)
            for round in 0..<30 where ContinuousClock.now < stopAt {
                statuses += try await TrafficMix.round(proxy)
                if round == 10 { statuses.append(try await TrafficMix.maintenanceWindow(proxy)) }
                if round == 20 { try await TrafficMix.killWorker(proxy) }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(Set(statuses).isSuperset(of: [200, 401, 404, 503]), "statuses seen: \(Set(statuses).sorted())")
            try await proxy.waitUntil("the last requests scraped and the rules evaluated", timeout: .seconds(30)) {
                let restarts = try await prometheus.query("codex_worker_restarts_total") ?? 0
                let recorded = try await prometheus.query("count(job:codex_first_token_slow:ratio_rate3d)") ?? 0
                return restarts >= 1 && recorded >= 1
            }
            try await Task.sleep(for: .seconds(3))

            var failures: [String] = []
            for panelTarget in try Dashboard.load().targets {
                let query = Dashboard.substitute(panelTarget.expression, job: "codex-proxy")
                let outcome = try await prometheus.evaluate(query)
                if let error = outcome.error {
                    failures.append("panel '\(panelTarget.panel)' \(panelTarget.refID) is invalid: \(error)\n  \(query)")
                } else if outcome.series == 0 {
                    failures.append("panel '\(panelTarget.panel)' \(panelTarget.refID) returned no series\n  \(query)")
                }
            }
            let rules = try await RuleFiles.load()
            for rule in rules.rules {
                let outcome = try await prometheus.evaluate(rule.expression)
                if let error = outcome.error { failures.append("rule \(rule.name) is invalid: \(error)") }
                if !rule.isAlert && outcome.series == 0 { failures.append("recording rule \(rule.name) returned no series") }
                for series in RuleSeries.read(by: rule.expression) {
                    let present = try await prometheus.evaluate(#"{__name__="\#(series)", job="codex-proxy"}"#)
                    if present.series == 0 { failures.append("\(rule.name) reads \(series), which Prometheus does not have") }
                }
            }
            let loaded = try await prometheus.rules().flatMap { $0["rules"]?.arrayValue ?? [] }
            #expect(loaded.count == rules.rules.count, "Prometheus loaded \(loaded.count) rules, the files hold \(rules.rules.count)")
            for rule in loaded where rule["health"]?.stringValue != "ok" {
                failures.append("Prometheus reports rule \(rule["name"]?.stringValue ?? "?") as \(rule["health"]?.stringValue ?? "?"): \(rule["lastError"]?.stringValue ?? "")")
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            print("evaluated \(try Dashboard.load().targets.count) panel queries and \(rules.rules.count) rules on a real Prometheus; statuses \(Set(statuses).sorted())")
        }
    }
}

/// The series names a PromQL expression reads (metric names of the contract, `up`, and recorded
/// `job:` series).
enum RuleSeries {
    static func read(by expression: String) -> Set<String> {
        // Quoted label values never name a series; drop them, then split into identifiers.
        var unquoted = ""
        var inQuotes = false
        for character in expression {
            if character == "\"" { inQuotes.toggle(); continue }
            if !inQuotes { unquoted.append(character) }
        }
        let identifiers = unquoted.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }.map(String.init)
        return Set(identifiers.filter { $0.hasPrefix("codex_") || $0.hasPrefix("job:") || $0 == "up" })
    }
}
