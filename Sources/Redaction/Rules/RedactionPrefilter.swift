/// A cheap test on the whole input that must pass before a rule's pattern runs at all.
///
/// A prefilter only saves work: it must never reject an input the pattern could match. It
/// exists because PCRE2 finds a rule with a literal first character (`sk-`, `AKIA`, `eyJ`) with a
/// vectorised search, but has to try a rule that starts with a class (a digit, a letter) at
/// every position; a single pass over the input answers "is there any run of digits long enough
/// to be a card or phone number?" for all such rules at once.
public enum RedactionPrefilter: Sendable, Hashable {
    /// The input has a run of at least `minimum` ASCII digits, where the separators space, `(`,
    /// `)`, `+`, `-` and `.` between digits do not break the run (any other byte does).
    case digitRun(minimum: Int)
    /// The input has a run of at least `minimum` ASCII digits with nothing but single or
    /// repeated spaces between them (`AB 12 34 56 C` has a run of 6, `2025-06-01` runs of 4).
    case spacedDigitRun(minimum: Int)

    /// The longest run this prefilter asks for.
    var minimumRun: Int {
        switch self {
        case .digitRun(let minimum), .spacedDigitRun(let minimum): minimum
        }
    }
}
