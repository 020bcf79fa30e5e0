import Foundation
import TestSupport
import Testing

@testable import LoadSim

@Suite("Scenario files")
struct ScenarioLoaderTests {
    static var scenarioFiles: [String] {
        let folder = BuiltProducts.repositoryRoot.appendingPathComponent("scenarios").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test("every scenario file of the suite parses, and the suite has at least 18 with unique names")
    func suiteParses() throws {
        let files = Self.scenarioFiles
        #expect(files.count >= 18)
        var names = Set<String>()
        for file in files {
            let scenario = try ScenarioLoader.load(path: file)
            #expect(names.insert(scenario.name).inserted, "duplicate name \(scenario.name)")
            #expect(scenario.breaking.fails != nil || scenario.breaking.standIn != nil, "\(file) has no break")
        }
        let real = try files.map(ScenarioLoader.load(path:)).filter { if case .real = $0.worker { true } else { false } }
        #expect(real.count >= 2)
    }

    static let valid = """
        name: sample
        load:
          concurrency: 2
        expect:
          - name: all good
            requests: {outcome: success, min: 1}
        break:
          proxy_env: {WORKER_BACKOFF_INITIAL_MS: 10000}
          fails: all good
        """

    @Test("a valid document parses into the model")
    func validDocument() throws {
        let scenario = try ScenarioLoader.parse(Self.valid, file: "sample.yaml")
        #expect(scenario.name == "sample")
        #expect(scenario.load.concurrency == 2)
        #expect(scenario.breaking.proxyEnvironment == ["WORKER_BACKOFF_INITIAL_MS": "10000"])
    }

    @Test(
        "a bad file is rejected with its file, line and field",
        arguments: [
            ("name: x\nloda: {}\nexpect: []\nbreak: {}", 2, "loda", "unknown key"),
            ("name: x\nload:\n  concurrency: many\nexpect: []\nbreak: {}", 3, "load.concurrency", "expected an integer"),
            ("name: x\nload:\n  clients:\n    - {behaviour: wave}\nexpect: []\nbreak: {}", 4, "load.clients[0].behaviour", "one of rst"),
            ("name: x\nfaults:\n  - {at_ms: 10, action: explode}\nexpect: []\nbreak: {}", 3, "faults[0].action", "kill_worker"),
            ("name: x\nexpect:\n  - name: a\n    requests: {min: 1}\nbreak:\n  proxy_env: {A: 1}\n  fails: b\n", 7, "break.fails", "names no expectation"),
            ("name: x\nexpect:\n  - name: a\n    requests: {min: 1}\n    log: {event: e, min: 1}\nbreak: {unbreakable: x, stand_in: y}", 3, "expect[0]", "exactly one check"),
            ("name: x\nexpect:\n  - name: a\n    requests: {min: 1}\n", 1, "break", "required"),
            ("name: x\nexpect: [\n  - broken", 3, "", "YAML syntax"),
        ]
    )
    func badFile(text: String, line: Int, field: String, problem: String) {
        #expect {
            _ = try ScenarioLoader.parse(text, file: "bad.yaml")
        } throws: { error in
            guard let error = error as? ScenarioFileError else { return false }
            return error.file == "bad.yaml" && error.line == line && error.field == field && error.description.contains(problem)
        }
    }
}
