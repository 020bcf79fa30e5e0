import ArgumentParser
import Foundation

/// `loadsim run`: runs scenarios and judges them. Exit 0 all pass, 1 any fail, 2 inconclusive
/// and none failed, 64 bad file or usage.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scenario files against codex-proxy and judge their expectations."
    )

    @OptionGroup var options: ScenarioOptions

    func run() async throws {
        let scenarios: [Scenario]
        do { scenarios = try options.scenarios() } catch let failure as UsageFailure { throw UsageFailure.exit(failure) }
        let runner = ScenarioRunner(options: options.runOptions)
        var results: [ScenarioResult] = []
        for scenario in scenarios {
            let result = await runner.run(scenario)
            print(SummaryTable.line(result))
            results.append(result)
        }
        print(SummaryTable.render(results))
        try ReportWriter.write(results: results, proofs: [], options: options)
        throw ExitCode(Verdict.combine(results.map(\.verdict)).exitCode)
    }
}
