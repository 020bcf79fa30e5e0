/// A rule file that cannot be read or does not follow the format.
///
/// The description names the file, the rule (by name, or by position when it has none) and the
/// field, so that start-up can print it as it is.
public struct RuleFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path.
    public var path: String
    /// The rule's name, or `#<index>` (from 1) when it has no usable name; `nil` for file-level problems.
    public var rule: String?
    /// The field at fault, if any.
    public var field: String?
    /// What is wrong.
    public var reason: String

    /// Creates the error.
    public init(path: String, rule: String? = nil, field: String? = nil, reason: String) {
        self.path = path
        self.rule = rule
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var text = "redaction rule file \(path)"
        if let rule { text += ": rule '\(rule)'" }
        if let field { text += ": field '\(field)'" }
        return text + ": " + reason
    }
}
