/// The result of one match attempt.
enum MatchOutcome: Equatable {
    /// A match; byte offsets into the subject (after `\K`, if the pattern uses it).
    case found(start: Int, end: Int)
    /// No match from the start offset to the end of the subject.
    case none
    /// PCRE2 gave up (match limit, heap limit, JIT stack); the code is PCRE2's.
    case failed(code: Int32)
}
