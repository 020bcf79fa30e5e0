import Foundation

/// Writes the reports a run asked for: `--report-dir` (report.json, junit.xml, report.html)
/// and `--junit FILE`.
enum ReportWriter {
    static func write(results: [ScenarioResult], proofs: [Proof], options: ScenarioOptions) throws {
        let junit = JUnitReport.render(results: results, proofs: proofs)
        if let directory = options.reportDir {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(JSONReport.render(results: results, proofs: proofs).jsonBytes).write(to: URL(fileURLWithPath: directory + "/report.json"))
            try Data(junit.utf8).write(to: URL(fileURLWithPath: directory + "/junit.xml"))
            try Data(HTMLReport.render(results: results, proofs: proofs).utf8).write(to: URL(fileURLWithPath: directory + "/report.html"))
            print("reports: \(directory)/report.json, \(directory)/junit.xml, \(directory)/report.html")
        }
        if let file = options.junit {
            try Data(junit.utf8).write(to: URL(fileURLWithPath: file))
        }
    }
}
