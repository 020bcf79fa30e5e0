import Foundation
import OrderedJSON

/// The budget gate's result: per measure (P50/P95/P99 of total and first-token latency) the
/// medians over rounds for A and B and the ratio B/A with its bootstrap 95 % interval; the
/// verdict comes from the P95 ratios (total and first token), P50/P99 are reported beside them.
struct BudgetReport {
    struct Row {
        var measure: String
        var a: Double
        var b: Double
        var statistics: BudgetStatistics
        var gating: Bool
    }

    let sides: BudgetSides
    let rounds: [BudgetMeasurement.Round]
    let budget: Double
    let seed: UInt64
    let roundSeconds: Double
    let concurrency: Int
    let rows: [Row]

    init(sides: BudgetSides, rounds: [BudgetMeasurement.Round], budget: Double, seed: UInt64, roundSeconds: Double, concurrency: Int) {
        self.sides = sides
        self.rounds = rounds
        self.budget = budget
        self.seed = seed
        self.roundSeconds = roundSeconds
        self.concurrency = concurrency
        var random = SeededRandom(seed: seed ^ 0xB00757)
        typealias Pick = (BudgetMeasurement.SideRound) -> Double
        let measures: [(String, Pick, Bool)] = [
            ("P50 total", { $0.total.p50 }, false), ("P95 total", { $0.total.p95 }, true), ("P99 total", { $0.total.p99 }, false),
            ("P50 first token", { $0.firstToken.p50 }, false), ("P95 first token", { $0.firstToken.p95 }, true), ("P99 first token", { $0.firstToken.p99 }, false),
        ]
        rows = measures.map { name, pick, gating in
            let ratios = rounds.map { pick($0.b) / pick($0.a) }
            return Row(
                measure: name, a: Self.median(rounds.map { pick($0.a) }), b: Self.median(rounds.map { pick($0.b) }),
                statistics: BudgetStatistics(ratios: ratios, random: &random), gating: gating
            )
        }
    }

    var verdict: Verdict { Verdict.combine(rows.filter(\.gating).map { $0.statistics.verdict(budget: budget) }) }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    var text: String {
        var lines = ["", "A: \(sides.a.name)   B: \(sides.b.name)   (\(rounds.count) rounds, medians over rounds, ms)"]
        let header = ["measure", "A", "B", "B/A", "95 % CI", "verdict"]
        let table = rows.map { row in
            [row.measure, String(format: "%.1f", row.a), String(format: "%.1f", row.b), String(format: "%.3f", row.statistics.estimate),
             String(format: "[%.3f, %.3f]", row.statistics.lower, row.statistics.upper),
             row.gating ? row.statistics.verdict(budget: budget).rawValue : "(reported)"]
        }
        lines.append(SummaryTable.table(header: header, rows: table))
        let failures = rounds.map { $0.a.failures + $0.b.failures }.reduce(0, +)
        lines.append("failed requests during measurement: \(failures)")
        lines.append("budget: B/A ≤ \(String(format: "%.2f", 1 + budget)) at P95 (upper bound of the interval) → \(SummaryTable.mark(verdict))")
        if verdict == .inconclusive {
            let needed = rows.filter(\.gating).compactMap { $0.statistics.roundsToDecide(budget: budget) }.max()
            lines.append("inconclusive: the interval straddles the budget; about \(needed.map(String.init) ?? "many more") rounds would likely decide")
        }
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        [
            "a": .string(sides.a.name), "b": .string(sides.b.name), "rounds": .integer(Int64(rounds.count)), "round_seconds": .double(roundSeconds),
            "concurrency": .integer(Int64(concurrency)), "budget": .double(budget), "seed": .string(String(seed)), "verdict": .string(verdict.rawValue),
            "measures": .array(rows.map { row in
                ["measure": .string(row.measure), "a_ms": .double(row.a), "b_ms": .double(row.b), "ratio": .double(row.statistics.estimate),
                 "ci_lower": .double(row.statistics.lower), "ci_upper": .double(row.statistics.upper), "gating": .bool(row.gating),
                 "per_round_ratios": .array(row.statistics.ratios.map { .double($0) })]
            }),
        ]
    }

    var html: String {
        var body = "<h1>loadsim budget — \(SummaryTable.mark(verdict))</h1><p>A: \(HTMLReport.esc(sides.a.name)); B: \(HTMLReport.esc(sides.b.name)); \(rounds.count) rounds × \(roundSeconds) s, \(concurrency) streams, budget +\(Int(budget * 100)) % at P95, seed \(seed).</p>"
        body += "<table><tr><th>measure</th><th>A ms</th><th>B ms</th><th>B/A</th><th>95 % CI</th><th>verdict</th></tr>"
        for row in rows {
            let verdict = row.gating ? row.statistics.verdict(budget: budget) : .pass
            body += "<tr><td>\(row.measure)</td><td>\(String(format: "%.1f", row.a))</td><td>\(String(format: "%.1f", row.b))</td><td>\(String(format: "%.3f", row.statistics.estimate))</td><td>[\(String(format: "%.3f", row.statistics.lower)), \(String(format: "%.3f", row.statistics.upper))]</td><td class=\"\(verdict.rawValue)\">\(row.gating ? verdict.rawValue : "reported")</td></tr>"
        }
        body += "</table><h2>P95 total ratio per round</h2>" + ratioChart(rows.first { $0.measure == "P95 total" }?.statistics)
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>loadsim budget</title><style>body{font:14px system-ui,sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:2px 6px}table{border-collapse:collapse}.pass{color:#17702d}.fail{color:#b00020}.inconclusive{color:#8a6100}</style></head><body>\(body)</body></html>\n"
    }

    private func ratioChart(_ statistics: BudgetStatistics?) -> String {
        guard let statistics, !statistics.ratios.isEmpty else { return "" }
        let values = statistics.ratios.filter(\.isFinite)
        let low = min(0.9, (values.min() ?? 1) - 0.02), high = max(1 + budget + 0.03, (values.max() ?? 1) + 0.02)
        let y = { (value: Double) in 180 - 160 * (value - low) / (high - low) }
        var svg = "<svg width=\"600\" height=\"200\" viewBox=\"0 0 600 200\">"
        svg += "<line x1=\"0\" x2=\"600\" y1=\"\(y(1 + budget))\" y2=\"\(y(1 + budget))\" stroke=\"#b00020\" stroke-dasharray=\"4 3\"/><line x1=\"0\" x2=\"600\" y1=\"\(y(1))\" y2=\"\(y(1))\" stroke=\"#999\"/>"
        svg += "<rect x=\"0\" y=\"\(y(statistics.upper))\" width=\"600\" height=\"\(max(1, y(statistics.lower) - y(statistics.upper)))\" fill=\"#56b4e9\" opacity=\"0.25\"/>"
        for (index, value) in values.enumerated() {
            svg += "<circle cx=\"\(20 + Double(index) * 560 / Double(max(1, values.count - 1)))\" cy=\"\(y(value))\" r=\"3\" fill=\"#222\"><title>round \(index + 1): \(String(format: "%.3f", value))</title></circle>"
        }
        return svg + "</svg>"
    }
}
