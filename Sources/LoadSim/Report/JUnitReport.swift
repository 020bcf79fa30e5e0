/// `junit.xml`: one testcase per expectation, classname = scenario, failure message =
/// expected vs observed; inconclusive expectations are skipped with the reason.
enum JUnitReport {
    static func render(results: [ScenarioResult], proofs: [Proof]) -> String {
        var suites: [String] = []
        for result in results {
            let suiteName = result.broken ? "\(result.scenario) (break)" : result.scenario
            var cases: [String] = []
            for verdict in result.verdicts {
                var testcase = "    <testcase classname=\"\(escape(suiteName))\" name=\"\(escape(verdict.name))\" time=\"0\">"
                let message = escape("expected \(verdict.expected); observed \(verdict.observed)")
                switch verdict.verdict {
                case .pass: testcase += "<system-out>\(message)</system-out>"
                case .fail: testcase += "<failure message=\"\(message)\" type=\"\(verdict.kind)\">\(message)</failure>"
                case .inconclusive: testcase += "<skipped message=\"inconclusive: \(message)\"/>"
                }
                cases.append(testcase + "</testcase>")
            }
            let failures = result.verdicts.filter { $0.verdict == .fail }.count
            let skipped = result.verdicts.filter { $0.verdict == .inconclusive }.count
            suites.append("  <testsuite name=\"\(escape(suiteName))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(result.durationMs / 1000)\">\n\(cases.joined(separator: "\n"))\n  </testsuite>")
        }
        if !proofs.isEmpty {
            let cases = proofs.map { proof -> String in
                let message = escape(proof.observed)
                let body: String
                switch proof.verdict {
                case .pass: body = "<system-out>\(message)</system-out>"
                case .fail: body = "<failure message=\"\(message)\" type=\"proof\">\(message)</failure>"
                case .inconclusive: body = "<skipped message=\"inconclusive: \(message)\"/>"
                }
                return "    <testcase classname=\"prove\" name=\"\(escape(proof.scenario))\" time=\"0\">\(body)</testcase>"
            }
            let failures = proofs.filter { $0.verdict == .fail }.count
            suites.append("  <testsuite name=\"prove\" tests=\"\(proofs.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(proofs.filter { $0.verdict == .inconclusive }.count)\">\n\(cases.joined(separator: "\n"))\n  </testsuite>")
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"loadsim\">\n\(suites.joined(separator: "\n"))\n</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
