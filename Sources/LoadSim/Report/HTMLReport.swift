import Foundation

/// `report.html`: self-contained (no external resources), one `<section class="scenario">` per
/// scenario with its verdicts, a percentile table and inline SVG charts.
enum HTMLReport {
    static func render(results: [ScenarioResult], proofs: [Proof]) -> String {
        let overall = Verdict.combine(results.map(\.verdict) + proofs.map(\.verdict))
        var body = "<h1>loadsim report — \(SummaryTable.mark(overall))</h1>\n"
        body += "<p>\(results.count) scenario runs, \(proofs.count) proofs. Generated \(ISO8601DateFormatter().string(from: Date())).</p>\n"
        body += overview(results)
        for result in results { body += section(result) }
        if !proofs.isEmpty { body += proofSection(proofs) }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>loadsim report</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
            .pass{color:#17702d;font-weight:bold}.fail{color:#b00020;font-weight:bold}.inconclusive{color:#8a6100;font-weight:bold}
            section.scenario{border-top:2px solid #444;margin-top:2em}svg{background:#fafafa;border:1px solid #ddd;margin:4px 0}
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    static func esc(_ text: String) -> String { JUnitReport.escape(text) }

    static func cls(_ verdict: Verdict) -> String { verdict.rawValue }

    private static func overview(_ results: [ScenarioResult]) -> String {
        var rows = ""
        for result in results {
            rows += "<tr><td><a href=\"#\(anchor(result))\">\(esc(result.scenario))\(result.broken ? " (break)" : "")</a></td><td class=\"\(cls(result.verdict))\">\(result.verdict.rawValue)</td><td>\(result.requests.count)</td><td>\(String(format: "%.1f", result.durationMs / 1000)) s</td></tr>\n"
        }
        return "<table><tr><th>scenario</th><th>verdict</th><th>requests</th><th>time</th></tr>\n\(rows)</table>\n"
    }

    private static func anchor(_ result: ScenarioResult) -> String {
        (result.broken ? "break-" : "") + result.scenario.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    private static func section(_ result: ScenarioResult) -> String {
        var html = "<section class=\"scenario\" id=\"\(anchor(result))\">\n<h2>\(esc(result.scenario))\(result.broken ? " — under its break" : "") <span class=\"\(cls(result.verdict))\">\(result.verdict.rawValue)</span></h2>\n"
        html += "<p>\(esc(result.summary))</p><p><small>\(esc(result.file)) · \(String(format: "%.1f", result.durationMs / 1000)) s</small></p>\n"
        if let note = result.note { html += "<p><b>Note:</b> \(esc(note))</p>\n" }
        html += "<table><tr><th>expectation</th><th>verdict</th><th>expected</th><th>observed</th></tr>\n"
        for verdict in result.verdicts {
            html += "<tr><td>\(esc(verdict.name))</td><td class=\"\(cls(verdict.verdict))\">\(verdict.verdict.rawValue)</td><td>\(esc(verdict.expected))</td><td>\(esc(verdict.observed))</td></tr>\n"
        }
        html += "</table>\n" + percentileTable(result)
        let span = max(1000, (result.requests.map(\.endMs) + result.probes.map(\.atMs)).max() ?? 1000)
        html += "<h3>Latency over time</h3>\n" + SVGCharts.latency(result, span: span)
        html += "<h3>Readiness (/readyz) and liveness (/livez)</h3>\n" + SVGCharts.readiness(result, span: span)
        html += "<h3>Outcomes over time</h3>\n" + SVGCharts.outcomes(result, span: span)
        return html + "</section>\n"
    }

    private static func percentileTable(_ result: ScenarioResult) -> String {
        let successes = result.requests.filter { $0.outcome == .success }
        let measures: [(String, [Double])] = [
            ("total", successes.map(\.totalMs)),
            ("first token", successes.compactMap { record in record.firstTokenMs.map { $0 - record.startMs } }),
        ]
        var html = "<table><tr><th>ms</th><th>n</th><th>P50</th><th>P90</th><th>P95</th><th>P99</th><th>max</th></tr>\n"
        for (name, samples) in measures {
            let cells = samples.isEmpty ? Array(repeating: "–", count: 5) : [50.0, 90, 95, 99, 100].map { String(format: "%.1f", Evaluator.percentile(samples, $0)) }
            html += "<tr><td>\(name)</td><td>\(samples.count)</td>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func proofSection(_ proofs: [Proof]) -> String {
        var html = "<section class=\"proofs\"><h2>Proofs (each scenario under its break)</h2><table><tr><th>scenario</th><th>proof</th><th>expectation</th><th>observed</th></tr>\n"
        for proof in proofs {
            html += "<tr><td>\(esc(proof.scenario))</td><td class=\"\(cls(proof.verdict))\">\(proof.verdict.rawValue)</td><td>\(esc(proof.expectation ?? "(unbreakable)"))</td><td>\(esc(proof.observed))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }
}
