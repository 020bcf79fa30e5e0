import ConformanceKit
import Foundation
import Testing
import TestSupport

/// The golden captures of the real codex 0.163.0, replayed into `fake-codex`.
@Suite("Capture replay")
struct CaptureReplayTests {
    /// The reference captures of PROTOCOL.md plus every recording of scripts/record-capture.py.
    static let captures: [String] = ["Tests/Fixtures/captures", "Tests/Fixtures/live-captures"].flatMap { directory in
        let url = BuiltProducts.repositoryRoot.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { "\(directory)/\($0)" }
    }

    @Test("the reference captures are present")
    func capturesArePresent() {
        #expect(Self.captures.filter { $0.hasPrefix("Tests/Fixtures/captures/") }.count == 3)
    }

    @Test("fake-codex conforms to the captured transcript", arguments: captures)
    func fakeConformsToCapture(_ name: String) async throws {
        let url = BuiltProducts.repositoryRoot.appendingPathComponent(name)
        let capture = try Transcript(contentsOf: url)
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let launch = FakeCodex.launch(environment: ["CODEX_HOME": "/srv/codex/home"], workingDirectory: work.path)
        let rules = ConformanceRules(substitutions: [(live: work.path, reference: "/srv/codex/work")])
        let live = try await TranscriptReplayer(rules: rules).replay(capture, launch: launch)
        let differences = TranscriptComparator(rules: rules).differences(reference: capture, live: live)
        if ProcessInfo.processInfo.environment["DUMP_LIVE"] != nil { print(live.text) }
        #expect(live.exitStatus == "0")
        #expect(differences.isEmpty, "\(TranscriptComparator.report(differences))\n\nlive transcript:\n\(live.text)")
    }
}
