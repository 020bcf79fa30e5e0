/// A rule whose pattern PCRE2 refuses to compile.
///
/// Start-up stops on this error, so its description names everything an operator needs to fix
/// the rule file: the rule, PCRE2's own message and the byte offset in the pattern.
public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the rule whose pattern failed.
    public var ruleName: String
    /// PCRE2's message, from `pcre2_get_error_message`.
    public var message: String
    /// The byte offset in the pattern where PCRE2 gave up.
    public var offset: Int
    /// PCRE2's numeric error code.
    public var code: Int32

    /// Creates the error; normally only the compiler does this.
    public init(ruleName: String, message: String, offset: Int, code: Int32) {
        self.ruleName = ruleName
        self.message = message
        self.offset = offset
        self.code = code
    }

    public var description: String {
        "redaction rule '\(ruleName)' does not compile: \(message) at offset \(offset)"
    }
}
