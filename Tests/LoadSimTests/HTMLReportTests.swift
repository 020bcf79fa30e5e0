import Foundation
import Subprocess
import TestSupport
import Testing

@testable import LoadSim

/// report.html rendered by headless Chromium (Debian's `chromium`, installed by scripts/test.sh).
@Suite("HTML report in Chromium", .timeLimit(.minutes(2)))
struct HTMLReportTests {
    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func result(_ name: String, verdict: Verdict) -> ScenarioResult {
        let requests = (0..<40).map { (index: Int) -> RequestRecord in
            let failed = index % 7 == 0
            let total = 20 + Double(index % 9) * 10
            return Recorded.request(failed ? .error : .success, at: Double(index) * 50, totalMs: total, code: failed ? "worker_crashed" : nil)
        }
        let probes = (0..<100).map { RunJournal.ProbeSample(atMs: Double($0) * 20, probe: $0 % 2 == 0 ? .readyz : .livez, status: (40..<60).contains($0) ? 503 : 200) }
        return ScenarioResult(
            scenario: name, file: "\(name).yaml", summary: "A <recorded> run & its charts", broken: false,
            verdicts: [ExpectationVerdict(name: "served", kind: "requests", verdict: verdict, expected: "≥ 1", observed: "34 of 40")],
            durationMs: 2100, loadEndMs: 2000, requests: requests, probes: probes,
            faults: [RunJournal.FiredFault(index: 0, action: .killWorker, atMs: 800, note: "SIGKILL to worker 42")], note: nil
        )
    }

    @Test("report.html is self-contained, loads in headless Chromium without errors and has one section per scenario")
    func rendersInChromium() async throws {
        let chromium = try #require(Self.chromium, "Debian's chromium is not installed (scripts/test.sh installs it)")
        let html = HTMLReport.render(results: [Self.result("alpha", verdict: .pass), Self.result("beta", verdict: .fail), Self.result("gamma", verdict: .inconclusive)], proofs: [])
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script src") && !html.contains("<link"))
        let folder = try TemporaryDirectory("html-report")
        defer { folder.remove() }
        let page = folder.url.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: page)
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(folder.path)/profile",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", page.absoluteString,
        ]
        let result = try await Subprocess.run(
            .path(.init(chromium)), arguments: Arguments(arguments), environment: .inherit.updating(["HOME": folder.path]),
            output: .string(limit: 1 << 24), error: .string(limit: 1 << 22)
        )
        #expect(result.terminationStatus == .exited(0), "\(result.standardError)")
        let dom = result.standardOutput
        #expect(dom.components(separatedBy: "<section class=\"scenario\"").count - 1 == 3)
        #expect(dom.components(separatedBy: "<svg").count - 1 == 9)
        let log = result.standardError
        let pageErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") || $0.contains("Failed to load resource") }
        #expect(pageErrors.isEmpty, "\(pageErrors)")
    }
}
