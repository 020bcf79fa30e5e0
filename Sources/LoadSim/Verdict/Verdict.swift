/// The judgement of one expectation, or of a whole scenario.
enum Verdict: String, Sendable, Comparable {
    case pass
    case inconclusive
    case fail

    private var rank: Int {
        switch self {
        case .pass: 0
        case .inconclusive: 1
        case .fail: 2
        }
    }

    static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }

    /// The worst of `verdicts` (pass when empty).
    static func combine(_ verdicts: some Sequence<Verdict>) -> Verdict { verdicts.max() ?? .pass }

    /// The exit code of a run whose worst verdict is this: 0 pass, 1 fail, 2 inconclusive.
    var exitCode: Int32 {
        switch self {
        case .pass: 0
        case .fail: 1
        case .inconclusive: 2
        }
    }
}

/// One expectation's verdict with what was expected and what was observed.
struct ExpectationVerdict: Sendable {
    var name: String
    var kind: String
    var verdict: Verdict
    var expected: String
    var observed: String
}
