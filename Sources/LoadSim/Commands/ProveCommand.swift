import ArgumentParser
import Foundation

/// `loadsim prove`: runs each scenario once more under its `break` and passes only when that
/// run fails the expectation the file names. A scenario that no setting can break names the
/// evaluator test that stands in.
struct ProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Show that each scenario can fail: run it under its break and expect the named expectation to fail."
    )

    @OptionGroup var options: ScenarioOptions

    func run() async throws {
        let scenarios: [Scenario]
        do { scenarios = try options.scenarios() } catch let failure as UsageFailure { throw UsageFailure.exit(failure) }
        let runner = ScenarioRunner(options: options.runOptions)
        var proofs: [Proof] = []
        for scenario in scenarios {
            let proof: Proof
            if let reason = scenario.breaking.unbreakable {
                proof = Proof(scenario: scenario.name, expectation: nil, verdict: .pass, observed: "unbreakable: \(reason); stand-in: \(scenario.breaking.standIn ?? "")", result: nil)
            } else {
                let result = await runner.run(scenario, broken: true)
                proof = Proof.judge(scenario: scenario, brokenRun: result)
            }
            print(SummaryTable.line(proof))
            proofs.append(proof)
        }
        print(SummaryTable.render(proofs))
        try ReportWriter.write(results: proofs.compactMap(\.result), proofs: proofs, options: options)
        throw ExitCode(Verdict.combine(proofs.map(\.verdict)).exitCode)
    }
}

/// The outcome of proving one scenario.
struct Proof: Sendable {
    var scenario: String
    var expectation: String?
    /// pass: the break made the named expectation fail; fail: it did not; inconclusive: it could not be judged.
    var verdict: Verdict
    var observed: String
    var result: ScenarioResult?

    static func judge(scenario: Scenario, brokenRun: ScenarioResult) -> Proof {
        let name = scenario.breaking.fails ?? ""
        guard let target = brokenRun.verdicts.first(where: { $0.name == name }) else {
            return Proof(scenario: scenario.name, expectation: name, verdict: brokenRun.verdict == .inconclusive ? .inconclusive : .fail,
                         observed: "the broken run did not judge '\(name)': \(brokenRun.note ?? "")", result: brokenRun)
        }
        switch target.verdict {
        case .fail: return Proof(scenario: scenario.name, expectation: name, verdict: .pass, observed: "failed as it must: \(target.observed)", result: brokenRun)
        case .pass: return Proof(scenario: scenario.name, expectation: name, verdict: .fail, observed: "still passed under the break: \(target.observed)", result: brokenRun)
        case .inconclusive: return Proof(scenario: scenario.name, expectation: name, verdict: .inconclusive, observed: "inconclusive under the break: \(target.observed)", result: brokenRun)
        }
    }
}
