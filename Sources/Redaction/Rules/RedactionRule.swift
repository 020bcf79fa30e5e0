/// One redaction rule: what to look for and what to write instead.
///
/// Rules apply in order, each to the output of the ones before it, and every match is replaced
/// whole by ``replacement``. A pattern can use `\K` to keep a leading context out of the match
/// (`password=\K\S+` replaces the value and keeps `password=`).
public struct RedactionRule: Sendable, Hashable {
    /// A unique, stable name: `[A-Za-z0-9_.-]`, at most 64 bytes. Rule files override by name.
    public var name: String
    /// A PCRE2 pattern, compiled in UTF-8 mode (see ``Redactor`` for the options).
    public var pattern: String
    /// The literal text written in place of each match (no group references).
    public var replacement: String
    /// An extra check a match must pass to be redacted, if any.
    public var validator: RedactionValidator?
    /// A cheap test that lets the engine skip the pattern on inputs it cannot match, if any.
    public var prefilter: RedactionPrefilter?

    /// Creates a rule; the replacement defaults to `[REDACTED:<name>]`.
    public init(
        name: String,
        pattern: String,
        replacement: String? = nil,
        validator: RedactionValidator? = nil,
        prefilter: RedactionPrefilter? = nil
    ) {
        self.name = name
        self.pattern = pattern
        self.replacement = replacement ?? Self.defaultReplacement(for: name)
        self.validator = validator
        self.prefilter = prefilter
    }

    /// The replacement a rule gets when it does not name one: `[REDACTED:<name>]`.
    public static func defaultReplacement(for name: String) -> String {
        "[REDACTED:\(name)]"
    }

    /// Whether `name` is acceptable as a rule name.
    static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}
