/// A cheap test on the whole input that must pass before a rule's pattern runs at all.
///
/// A prefilter only saves work: it must never reject an input the pattern could match. It
/// exists because PCRE2's JIT finds a rule with a literal first character (`sk-`, `AKIA`, `eyJ`)
/// with a vectorised search, but has to try a rule that starts with a class (a digit, a letter)
/// at every position. One pass over the input measures its digit runs for all such rules at
/// once. A *run* is a stretch of ASCII digits in which the separators space ( ) + - . may sit
/// between digits; any other byte ends it.
public enum RedactionPrefilter: Sendable, Hashable {
    /// Some run holds at least `minimum` digits.
    case digitRun(minimum: Int)
    /// Some run holds at least `minimum` digits and has a separator between two of them or a `+`
    /// right before its first digit (phone numbers, SSNs; not a bare epoch timestamp).
    case separatedDigitRun(minimum: Int)
    /// Some run holds at least `minimum` digits counted from its first digit 2–6 that starts the
    /// run or follows a separator (card numbers; not `1718035200123`).
    case cardDigitRun(minimum: Int)
    /// Some maximal stretch of digits and spaces (nothing else) holds exactly `count` digits
    /// (`AB 12 34 56 C` has one of 6; `1795988647702` has one of 13).
    case spacedDigitRun(exactly: Int)

    /// The fewest digits a run needs to pass this prefilter.
    var requiredDigits: Int {
        switch self {
        case .digitRun(let minimum), .separatedDigitRun(let minimum), .cardDigitRun(let minimum): minimum
        case .spacedDigitRun(let count): count
        }
    }
}
