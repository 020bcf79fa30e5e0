import OrderedJSON
import Testing

@testable import LoadSim

/// The evaluators on recorded runs. Some of these stand in for scenarios that no setting can
/// break (their files name the test in `break.stand_in`).
@Suite("Expectation evaluators")
struct EvaluatorTests {
    static let errorsScenario = """
        name: recorded
        expect:
          - name: no failed requests
            requests: {outcome: error, max: 0}
          - name: every abandoned turn is interrupted
            worker_log: {event: received, method: turn/interrupt, min: 2}
          - name: P95 total latency
            latency: {of: total, percentile: 95, max_ms: 100, min_samples: 5}
        break: {unbreakable: recorded, stand_in: here}
        """

    func verdict(_ name: String, _ scenario: Scenario, _ observation: Observation) -> ExpectationVerdict? {
        Evaluator(scenario: scenario, observation: observation).verdicts().first { $0.name == name }
    }

    @Test("a recorded run with failed requests fails 'no failed requests'")
    func failedRequests() throws {
        let scenario = try Recorded.scenario(Self.errorsScenario)
        let clean = Recorded.observation(requests: (0..<10).map { Recorded.request(.success, at: Double($0)) })
        #expect(verdict("no failed requests", scenario, clean)?.verdict == .pass)
        let failing = Recorded.observation(requests: [Recorded.request(.success), Recorded.request(.error, code: "turn_failed")])
        let judged = try #require(verdict("no failed requests", scenario, failing))
        #expect(judged.verdict == .fail)
        #expect(judged.observed == "1 of 2")
    }

    @Test("a worker log without turn/interrupt fails 'every abandoned turn is interrupted'")
    func missingInterrupts() throws {
        let scenario = try Recorded.scenario(Self.errorsScenario)
        let interrupt: JSONValue = ["event": "received", "method": "turn/interrupt"]
        let start: JSONValue = ["event": "received", "method": "turn/start"]
        #expect(verdict("every abandoned turn is interrupted", scenario, Recorded.observation(workerEvents: [interrupt, start, interrupt]))?.verdict == .pass)
        #expect(verdict("every abandoned turn is interrupted", scenario, Recorded.observation(workerEvents: [start, start]))?.verdict == .fail)
        #expect(verdict("every abandoned turn is interrupted", scenario, Recorded.observation(workerEvents: nil))?.verdict == .inconclusive)
    }

    @Test("latency is inconclusive below its sample count and judged above it")
    func latencySamples() throws {
        let scenario = try Recorded.scenario(Self.errorsScenario)
        #expect(verdict("P95 total latency", scenario, Recorded.observation(requests: [Recorded.request(.success)]))?.verdict == .inconclusive)
        let fast = (0..<20).map { Recorded.request(.success, totalMs: 10 + Double($0)) }
        #expect(verdict("P95 total latency", scenario, Recorded.observation(requests: fast))?.verdict == .pass)
        let slow = (0..<20).map { Recorded.request(.success, totalMs: 200 + Double($0)) }
        #expect(verdict("P95 total latency", scenario, Recorded.observation(requests: slow))?.verdict == .fail)
    }

    @Test("an unaccounted request fails the accounting unless the scenario expects exactly that")
    func accounting() throws {
        let scenario = try Recorded.scenario(Self.errorsScenario)
        let hung = Recorded.observation(requests: [Recorded.request(.success), Recorded.request(.unaccounted, detail: "hang")])
        let judged = Evaluator(scenario: scenario, observation: hung).accounting()
        #expect(judged.verdict == .fail)
        #expect(judged.observed.contains("hang ×1"))
        var expecting = scenario
        expecting.expectedUnaccounted = ["hang"]
        #expect(Evaluator(scenario: expecting, observation: hung).accounting().verdict == .pass)
        expecting.expectedUnaccounted = ["stream_cut"]
        #expect(Evaluator(scenario: expecting, observation: hung).accounting().verdict == .fail)
        let accounted = Recorded.observation(requests: [Recorded.request(.disconnect), Recorded.request(.cut), Recorded.request(.refused)])
        #expect(Evaluator(scenario: scenario, observation: accounted).accounting().verdict == .pass)
    }

    @Test("readiness: drop and recovery are measured from the fault, a missing fault is inconclusive")
    func readiness() {
        let timeline: [(Double, Int?)] = [(0, 200), (900, 200), (1010, 503), (1200, nil), (1300, 200), (2000, 200)]
        let observation = Recorded.observation(readyz: timeline, faults: [(1000, .killWorker)])
        let judge = ReadinessJudge(observation: observation)
        #expect(judge.judge(.dropsAndRecovers(afterFault: 0, dropWithinMs: 100, recoverWithinMs: 500)).0 == .pass)
        #expect(judge.judge(.dropsAndRecovers(afterFault: 0, dropWithinMs: 5, recoverWithinMs: 500)).0 == .fail)
        #expect(judge.judge(.dropsAndRecovers(afterFault: 0, dropWithinMs: nil, recoverWithinMs: 200)).0 == .fail)
        #expect(judge.judge(.neverDrops).0 == .fail)
        #expect(judge.judge(.dropsForGood(afterFault: 0, dropWithinMs: 100)).0 == .fail)
        #expect(judge.judge(.dropsAndRecovers(afterFault: 1, dropWithinMs: 100, recoverWithinMs: nil)).0 == .inconclusive)
        let steady = ReadinessJudge(observation: Recorded.observation(readyz: (0..<10).map { (Double($0) * 100, 200) }))
        #expect(steady.judge(.neverDrops).0 == .pass)
    }

    @Test("verdicts combine to exit codes 0, 1 and 2")
    func exitCodes() {
        #expect(Verdict.combine([Verdict.pass, .pass]).exitCode == 0)
        #expect(Verdict.combine([Verdict.pass, .inconclusive]).exitCode == 2)
        #expect(Verdict.combine([Verdict.inconclusive, .fail, .pass]).exitCode == 1)
    }
}
