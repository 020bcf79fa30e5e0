extension Redactor {
    /// The redactor the proxy runs with: the default rules and keys, plus the rule file at
    /// `ruleFilePath` (the value of `PROXY_REDACTION_RULES`) when one is given.
    ///
    /// Throws ``RuleFileError`` for a file that cannot be read or is malformed, and
    /// ``PatternError`` for a rule that does not compile; both describe themselves well enough
    /// to stop start-up with.
    public init(ruleFilePath: String?, options: Options = Options()) throws {
        var rules = RedactionRule.defaults
        var keys = SensitiveKeys.defaults
        if let ruleFilePath {
            let file = try RuleFile.load(path: ruleFilePath)
            rules = try file.applied(to: rules)
            keys = keys.adding(file.sensitiveKeys)
        }
        try self.init(rules: rules, sensitiveKeys: keys, options: options)
    }
}
