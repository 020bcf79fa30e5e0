import Redaction
import Testing

/// Holds every default rule to its fixtures: true positives that must be redacted exactly, and
/// look-alikes that must pass byte for byte. Prints recall and false positives per rule.
@Suite struct FixtureTests {
    let fixtures: FixtureFile
    let redactor: Redactor

    init() throws {
        fixtures = try FixtureFile.load()
        redactor = try Redactor()
    }

    @Test func everyDefaultRuleHasPositivesAndNegatives() {
        let covered = Dictionary(uniqueKeysWithValues: fixtures.rules.map { ($0.name, $0.fixtures) })
        for rule in RedactionRule.defaults {
            let entry = covered[rule.name]
            #expect(entry != nil, "no fixtures for rule \(rule.name)")
            #expect((entry?.positives.count ?? 0) >= 2, "\(rule.name) needs at least two positives")
            #expect((entry?.negatives.count ?? 0) >= 2, "\(rule.name) needs at least two negatives")
        }
        let names = Set(RedactionRule.defaults.map(\.name))
        for (name, _) in fixtures.rules {
            #expect(names.contains(name), "fixtures for unknown rule \(name)")
        }
    }

    @Test func defaultRulesRedactEveryPositiveAndPassEveryLookAlike() {
        var table: [(rule: String, found: Int, positives: Int, negatives: Int)] = []
        var falsePositives: [String: Int] = [:]
        var failures: [String] = []

        for (name, ruleFixtures) in fixtures.rules {
            var found = 0
            for positive in ruleFixtures.positives {
                let output = redactor.redact(positive.input)
                if output == positive.expected {
                    found += 1
                } else {
                    failures.append("MISS \(name): \(positive.input.debugDescription)\n  got      \(output.debugDescription)\n  expected \(positive.expected.debugDescription)")
                }
            }
            for negative in ruleFixtures.negatives {
                let output = redactor.redact(negative)
                if output != negative {
                    for rule in Self.rulesThatFired(in: output) { falsePositives[rule, default: 0] += 1 }
                    failures.append("FALSE POSITIVE (\(name) look-alike): \(negative.debugDescription)\n  got \(output.debugDescription)")
                }
            }
            table.append((name, found, ruleFixtures.positives.count, ruleFixtures.negatives.count))
        }
        for benign in fixtures.benign {
            let output = redactor.redact(benign)
            if output != benign {
                for rule in Self.rulesThatFired(in: output) { falsePositives[rule, default: 0] += 1 }
                failures.append("FALSE POSITIVE (benign): \(benign.debugDescription)\n  got \(output.debugDescription)")
            }
        }

        print(Self.report(table, falsePositives: falsePositives, benignCount: fixtures.benign.count))
        for failure in failures { print(failure) }
        #expect(failures.isEmpty, "\(failures.count) fixture failures, listed above")
    }

    @Test func redactingRedactedOutputChangesNothing() {
        for (_, ruleFixtures) in fixtures.rules {
            for positive in ruleFixtures.positives {
                let once = redactor.redact(positive.input)
                #expect(redactor.redact(once) == once)
            }
        }
    }

    @Test func interpreterAndJITGiveTheSameResults() throws {
        let interpreter = try Redactor(options: .init(jit: false))
        #expect(interpreter.jitCompiledRuleCount == 0)
        for (_, ruleFixtures) in fixtures.rules {
            for input in ruleFixtures.positives.map(\.input) + ruleFixtures.negatives {
                #expect(interpreter.redact(input) == redactor.redact(input), "\(input.debugDescription)")
            }
        }
    }

    @Test func prefiltersNeverChangeTheResult() throws {
        let unfiltered = try Redactor(rules: RedactionRule.defaults.map { rule in
            var rule = rule
            rule.prefilter = nil
            return rule
        })
        var inputs = fixtures.benign
        for (_, ruleFixtures) in fixtures.rules {
            inputs += ruleFixtures.positives.map(\.input) + ruleFixtures.negatives
        }
        for input in inputs {
            #expect(unfiltered.redact(input) == redactor.redact(input), "\(input.debugDescription)")
        }
    }

    static func rulesThatFired(in output: String) -> [String] {
        var names: [String] = []
        var rest = Substring(output)
        while let open = rest.range(of: "[REDACTED:") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: "]") else { break }
            names.append(String(afterOpen[..<close]))
            rest = afterOpen[close...]
        }
        return names
    }

    static func report(
        _ table: [(rule: String, found: Int, positives: Int, negatives: Int)],
        falsePositives: [String: Int],
        benignCount: Int
    ) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        var lines = ["Redaction fixtures: recall and false positives per rule",
                     pad("rule", 24) + pad("recall", 16) + pad("look-alikes", 13) + "false positives"]
        for row in table {
            let percent = row.positives == 0 ? 0 : row.found * 100 / row.positives
            lines.append(
                pad(row.rule, 24) + pad("\(row.found)/\(row.positives) (\(percent)%)", 16)
                    + pad("\(row.negatives)", 13) + "\(falsePositives[row.rule] ?? 0)"
            )
        }
        lines.append(pad("(benign look-alikes)", 24) + pad("-", 16) + pad("\(benignCount)", 13) + "-")
        let other = falsePositives.filter { name, _ in !table.contains { $0.rule == name } }
        for (name, count) in other.sorted(by: { $0.key < $1.key }) {
            lines.append(pad(name, 24) + pad("-", 16) + pad("-", 13) + "\(count)")
        }
        return lines.joined(separator: "\n")
    }
}
