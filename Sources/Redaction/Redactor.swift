/// Redacts secrets and personal data from text, bytes and JSON values.
///
/// Build one at start-up (compiling the rules is the expensive part) and share it: a `Redactor`
/// is `Sendable`, and each call uses its own PCRE2 match data, so any number of tasks may redact
/// at once. Rules apply in order, each to the output of the ones before it; every match becomes
/// the rule's replacement, `[REDACTED:<name>]` by default. When nothing matches, the input is
/// returned as it is, without a copy.
///
/// Text is matched as UTF-8 (`PCRE2_UTF | PCRE2_MATCH_INVALID_UTF`): offsets are byte offsets, a
/// replacement never splits a multi-byte character, and invalid bytes given to
/// ``redact(bytes:)`` pass through untouched and are never part of a match.
public struct Redactor: Sendable {
    /// The rules, in the order they apply.
    public let rules: [RedactionRule]
    /// The JSON member names whose values are replaced whole.
    public let sensitiveKeys: SensitiveKeys
    /// The compile and match settings.
    public let options: Options

    let engine: RuleEngine

    /// Compiles `rules`; throws for the first rule PCRE2 rejects, naming it.
    public init(
        rules: [RedactionRule] = RedactionRule.defaults,
        sensitiveKeys: SensitiveKeys = .defaults,
        options: Options = Options()
    ) throws(PatternError) {
        self.rules = rules
        self.sensitiveKeys = sensitiveKeys
        self.options = options
        engine = try RuleEngine(rules: rules, options: options)
    }

    /// The number of rules running JIT-compiled code (the rest use PCRE2's interpreter).
    public var jitCompiledRuleCount: Int {
        engine.patterns.count { $0.usesJIT }
    }

    /// `text` with every match of every rule replaced; `text` itself when nothing matches.
    public func redact(_ text: String) -> String {
        redactedIfChanged(text) ?? text
    }

    /// `bytes` with every match of every rule replaced; `bytes` itself when nothing matches.
    ///
    /// The input need not be valid UTF-8: invalid sequences are never part of a match and are
    /// copied through unchanged. This is the entry point for byte streams such as the
    /// `codex-proxy redact` filter.
    public func redact(bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { redactedBytes($0) } ?? bytes
    }

    /// The redacted text, or `nil` when no rule matched.
    func redactedIfChanged(_ text: String) -> String? {
        var text = text
        guard let output = text.withUTF8({ redactedBytes($0) }) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// Runs every rule over `input`; `nil` when none matched.
    func redactedBytes(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        engine.redact(input)
    }
}
