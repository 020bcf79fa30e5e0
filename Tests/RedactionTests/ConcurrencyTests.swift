import Redaction
import Testing

@Suite struct ConcurrencyTests {
    @Test func manyTasksRedactingAtOnceGetTheSequentialResults() async throws {
        let redactor = try Redactor()
        let fixtures = try FixtureFile.load()
        var inputs = fixtures.benign
        for (_, ruleFixtures) in fixtures.rules {
            inputs += ruleFixtures.positives.map(\.input) + ruleFixtures.negatives
        }
        let expected = inputs.map { redactor.redact($0) }
        let work = inputs
        let mismatches = await withTaskGroup(of: Int.self, returning: Int.self) { group in
            for task in 0..<32 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<20 {
                        for offset in work.indices {
                            let index = (offset + task * 7 + round) % work.count
                            if redactor.redact(work[index]) != expected[index] { mismatches += 1 }
                        }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
