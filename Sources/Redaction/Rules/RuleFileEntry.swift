/// One entry of a rule file: a new rule, an override of a rule with the same name, or (with
/// `enabled: false`) the removal of one.
public struct RuleFileEntry: Sendable, Hashable {
    /// The rule's name; an existing name overrides that rule in place.
    public var name: String
    /// The PCRE2 pattern; required unless the entry disables a rule.
    public var pattern: String?
    /// The replacement; `[REDACTED:<name>]` when absent.
    public var replacement: String?
    /// The validator, if any.
    public var validator: RedactionValidator?
    /// `false` removes the rule of this name from the set.
    public var enabled: Bool

    /// Creates an entry.
    public init(
        name: String,
        pattern: String? = nil,
        replacement: String? = nil,
        validator: RedactionValidator? = nil,
        enabled: Bool = true
    ) {
        self.name = name
        self.pattern = pattern
        self.replacement = replacement
        self.validator = validator
        self.enabled = enabled
    }
}
