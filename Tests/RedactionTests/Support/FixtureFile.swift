import Foundation
import OrderedJSON

/// The redaction fixtures in `Fixtures/rules.json`, read relative to this source file.
struct FixtureFile {
    /// One true positive: the input, and the output expected from the default rules.
    struct Positive {
        var input: String
        var expected: String
    }

    /// A rule's fixtures.
    struct RuleFixtures {
        var positives: [Positive]
        var negatives: [String]
    }

    /// Fixtures by rule name, in file order.
    var rules: [(name: String, fixtures: RuleFixtures)]
    /// General look-alikes that must pass unchanged.
    var benign: [String]

    static let openMarker = "⟦"
    static let closeMarker = "⟧"

    static func load() throws -> FixtureFile {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/rules.json")
        let document = try JSONParser().parse(Array(try Data(contentsOf: url)))
        var rules: [(String, RuleFixtures)] = []
        for (name, value) in document["rules"]?.objectValue ?? [:] {
            let positives = (value["positives"]?.arrayValue ?? []).compactMap(\.stringValue).map {
                expand($0, rule: name)
            }
            let negatives = (value["negatives"]?.arrayValue ?? []).compactMap(\.stringValue)
            rules.append((name, RuleFixtures(positives: positives, negatives: negatives)))
        }
        let benign = (document["benign"]?.arrayValue ?? []).compactMap(\.stringValue)
        return FixtureFile(rules: rules, benign: benign)
    }

    /// Splits a marked positive into its input (markers removed) and its expected output (each
    /// marked span replaced by `[REDACTED:<rule>]`).
    static func expand(_ marked: String, rule: String) -> Positive {
        var input = ""
        var expected = ""
        var rest = Substring(marked)
        while let open = rest.range(of: openMarker) {
            input += rest[..<open.lowerBound]
            expected += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: closeMarker) else { break }
            input += afterOpen[..<close.lowerBound]
            expected += "[REDACTED:\(rule)]"
            rest = afterOpen[close.upperBound...]
        }
        input += rest
        expected += rest
        return Positive(input: input, expected: expected)
    }
}
