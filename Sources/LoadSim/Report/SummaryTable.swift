import Foundation

/// The terminal summary: one line per scenario as it finishes, a table at the end.
enum SummaryTable {
    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .inconclusive: "INCONCLUSIVE"
        }
    }

    static func line(_ result: ScenarioResult) -> String {
        var lines = ["\(mark(result.verdict)) \(result.scenario)\(result.broken ? " (under its break)" : "") in \(String(format: "%.1f", result.durationMs / 1000)) s"]
        for verdict in result.verdicts where verdict.verdict != .pass || result.verdict != .pass {
            lines.append("  \(mark(verdict.verdict).lowercased()): \(verdict.name): expected \(verdict.expected); observed \(verdict.observed)")
        }
        return lines.joined(separator: "\n")
    }

    static func line(_ proof: Proof) -> String {
        "\(mark(proof.verdict)) prove \(proof.scenario)\(proof.expectation.map { " [\($0)]" } ?? ""): \(proof.observed)"
    }

    static func render(_ results: [ScenarioResult]) -> String {
        let rows = results.map { result -> [String] in
            let counts = [OutcomeKind.success, .error, .disconnect, .cut, .refused, .unaccounted].map { String(result.count($0)) }
            let passed = result.verdicts.filter { $0.verdict == .pass }.count
            return [result.scenario, mark(result.verdict), "\(passed)/\(result.verdicts.count)"] + counts + [String(format: "%.1f", result.durationMs / 1000)]
        }
        let header = ["scenario", "verdict", "expect", "ok", "error", "disc", "cut", "refused", "unacc", "s"]
        let totals = Dictionary(grouping: results, by: \.verdict).mapValues(\.count)
        let footer = "\(results.count) scenarios: \(totals[.pass] ?? 0) passed, \(totals[.fail] ?? 0) failed, \(totals[.inconclusive] ?? 0) inconclusive"
        return table(header: header, rows: rows) + "\n" + footer
    }

    static func render(_ proofs: [Proof]) -> String {
        let rows = proofs.map { [$0.scenario, mark($0.verdict), $0.expectation ?? "(unbreakable)"] }
        let totals = Dictionary(grouping: proofs, by: \.verdict).mapValues(\.count)
        return table(header: ["scenario", "proof", "expectation the break must fail"], rows: rows)
            + "\n\(proofs.count) proofs: \(totals[.pass] ?? 0) proven, \(totals[.fail] ?? 0) not proven, \(totals[.inconclusive] ?? 0) inconclusive"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func format(_ row: [String]) -> String {
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        return ([format(header), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")] + rows.map(format)).joined(separator: "\n")
    }
}
