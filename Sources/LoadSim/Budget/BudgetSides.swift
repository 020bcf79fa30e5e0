import Foundation

/// The two sides of a budget comparison: a proxy executable and its settings each.
struct BudgetSides: Sendable {
    struct Side: Sendable {
        var name: String
        var executable: String
        var environment: [String: String]
    }

    var a: Side
    var b: Side

    /// Observability off (A) vs on (B); with `aa`, A against itself; with two builds, baseline vs candidate.
    static func make(aa: Bool, proxy: String, baseline: String?, candidate: String?, concurrency: Int) -> BudgetSides {
        let quiet = ["LOG_LEVEL": "error", "PROXY_ENABLE_METRICS": "false", "PROXY_TRACE_BUFFER": "false"]
        let traces = FileManager.default.temporaryDirectory.appendingPathComponent("loadsim-budget-traces-\(UUID().uuidString.prefix(8))").path
        let observed = ["LOG_LEVEL": "info", "PROXY_ENABLE_METRICS": "true", "PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": traces]
        if let baseline, let candidate {
            let a = Side(name: "baseline build", executable: baseline, environment: observed)
            return BudgetSides(a: a, b: aa ? Side(name: "baseline build (again)", executable: baseline, environment: observed) : Side(name: "candidate build", executable: candidate, environment: observed))
        }
        let a = Side(name: "observability off", executable: proxy, environment: quiet)
        return BudgetSides(a: a, b: aa ? Side(name: "observability off (again)", executable: proxy, environment: quiet) : Side(name: "observability on (info logs, metrics, trace buffer)", executable: proxy, environment: observed))
    }
}
