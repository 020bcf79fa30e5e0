import Foundation

/// Inline SVG charts for the HTML report, drawn on a shared time axis (ms since the load began).
enum SVGCharts {
    static let width = 900.0
    static let left = 50.0

    static func color(_ outcome: OutcomeKind) -> String {
        switch outcome {
        case .success: "#2e8b57"
        case .error: "#e69f00"
        case .disconnect: "#56b4e9"
        case .cut: "#0072b2"
        case .refused: "#999999"
        case .unaccounted: "#d00000"
        }
    }

    private static func x(_ ms: Double, span: Double) -> Double { left + (width - left - 10) * max(0, ms) / span }

    private static func faultMarkers(_ result: ScenarioResult, span: Double, height: Double) -> String {
        result.faults.map { fault in
            let position = String(format: "%.1f", x(fault.atMs, span: span))
            return "<line x1=\"\(position)\" y1=\"0\" x2=\"\(position)\" y2=\"\(height)\" stroke=\"#b00020\" stroke-dasharray=\"4 3\"/><text x=\"\(position)\" y=\"12\" font-size=\"10\" fill=\"#b00020\"> \(HTMLReport.esc(fault.action.rawValue))</text>"
        }.joined()
    }

    private static func axis(span: Double, height: Double) -> String {
        var ticks = ""
        let step = span > 20_000 ? 5000.0 : span > 5000 ? 1000 : 500
        var t = 0.0
        while t <= span {
            ticks += "<text x=\"\(String(format: "%.1f", x(t, span: span)))\" y=\"\(height - 2)\" font-size=\"9\" fill=\"#666\">\(t / 1000)s</text>"
            t += step
        }
        return ticks
    }

    /// Each request as a dot at its start time and total latency, coloured by outcome.
    static func latency(_ result: ScenarioResult, span: Double) -> String {
        let height = 200.0
        let maxLatency = max(1, result.requests.map(\.totalMs).max() ?? 1)
        var dots = ""
        for record in result.requests.prefix(5000) {
            let cy = (height - 20) - (height - 40) * record.totalMs / maxLatency
            dots += "<circle cx=\"\(String(format: "%.1f", x(record.startMs, span: span)))\" cy=\"\(String(format: "%.1f", cy))\" r=\"2\" fill=\"\(color(record.outcome))\"><title>\(record.client) \(record.outcome.rawValue) \(Int(record.totalMs)) ms</title></circle>"
        }
        let label = "<text x=\"2\" y=\"24\" font-size=\"9\">\(Int(maxLatency)) ms</text><text x=\"2\" y=\"\(height - 20)\" font-size=\"9\">0</text>"
        return "<svg class=\"latency\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\(label)\(dots)\(faultMarkers(result, span: span, height: height))\(axis(span: span, height: height))</svg>\n"
    }

    /// Two strips: /readyz and /livez, green for 200, red otherwise, grey for no answer.
    static func readiness(_ result: ScenarioResult, span: Double) -> String {
        let height = 70.0
        var shapes = ""
        for (row, probe) in [ProbeCheck.Probe.readyz, .livez].enumerated() {
            let samples = result.probes.filter { $0.probe == probe }
            let y = 18.0 + Double(row) * 22
            shapes += "<text x=\"2\" y=\"\(y + 12)\" font-size=\"10\">/\(probe.rawValue)</text>"
            for (index, sample) in samples.enumerated() {
                let end = index + 1 < samples.count ? samples[index + 1].atMs : sample.atMs + 20
                let fill = sample.status == 200 ? "#2e8b57" : sample.status == nil ? "#999" : "#d00000"
                let x0 = x(sample.atMs, span: span)
                shapes += "<rect x=\"\(String(format: "%.1f", x0))\" y=\"\(y)\" width=\"\(String(format: "%.2f", max(0.5, x(end, span: span) - x0)))\" height=\"16\" fill=\"\(fill)\"/>"
            }
        }
        return "<svg class=\"readiness\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\(shapes)\(faultMarkers(result, span: span, height: height))\(axis(span: span, height: height))</svg>\n"
    }

    /// Requests ending in each time bucket, stacked by outcome.
    static func outcomes(_ result: ScenarioResult, span: Double) -> String {
        let height = 140.0
        let buckets = 60
        let size = span / Double(buckets)
        var counts = Array(repeating: [OutcomeKind: Int](), count: buckets)
        for record in result.requests {
            counts[min(buckets - 1, max(0, Int(record.endMs / size)))][record.outcome, default: 0] += 1
        }
        let tallest = max(1, counts.map { $0.values.reduce(0, +) }.max() ?? 1)
        var bars = ""
        let barWidth = (width - left - 10) / Double(buckets)
        for (index, bucket) in counts.enumerated() {
            var top = height - 14
            for outcome in OutcomeKind.allCases {
                guard let count = bucket[outcome], count > 0 else { continue }
                let barHeight = (height - 34) * Double(count) / Double(tallest)
                top -= barHeight
                bars += "<rect x=\"\(String(format: "%.1f", left + Double(index) * barWidth))\" y=\"\(String(format: "%.1f", top))\" width=\"\(String(format: "%.1f", barWidth - 1))\" height=\"\(String(format: "%.1f", barHeight))\" fill=\"\(color(outcome))\"><title>\(outcome.rawValue) \(count)</title></rect>"
            }
        }
        let legend = OutcomeKind.allCases.enumerated().map { index, outcome in
            "<rect x=\"\(left + Double(index) * 110)\" y=\"2\" width=\"10\" height=\"10\" fill=\"\(color(outcome))\"/><text x=\"\(left + Double(index) * 110 + 14)\" y=\"11\" font-size=\"10\">\(outcome.rawValue)</text>"
        }.joined()
        return "<svg class=\"outcomes\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\(legend)\(bars)\(faultMarkers(result, span: span, height: height))\(axis(span: span, height: height))</svg>\n"
    }
}
