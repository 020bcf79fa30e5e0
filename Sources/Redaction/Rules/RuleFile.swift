import OrderedJSON

/// A JSON rule file (`PROXY_REDACTION_RULES`) that adds, overrides or disables rules.
///
/// ```json
/// {
///   "rules": [
///     {"name": "ticket_id", "pattern": "TCK-[0-9]{6}"},
///     {"name": "email", "pattern": "[a-z]+@corp\\.example", "replacement": "[EMAIL]"},
///     {"name": "phone_number", "enabled": false}
///   ],
///   "sensitive_keys": ["x-session-id"]
/// }
/// ```
///
/// Entries apply in file order: an entry whose name exists replaces that rule in place (fields
/// left out take their defaults, not the old rule's), a new name is appended after the existing
/// rules, `"enabled": false` removes the rule. Unknown fields are errors, so typos do not pass
/// silently.
public struct RuleFile: Sendable, Hashable {
    /// The file's path, used in error messages.
    public var path: String
    /// The entries, in file order.
    public var entries: [RuleFileEntry]
    /// Extra JSON member names to redact whole.
    public var sensitiveKeys: [String]

    /// Creates a rule file value directly (tests, embedding).
    public init(path: String, entries: [RuleFileEntry], sensitiveKeys: [String] = []) {
        self.path = path
        self.entries = entries
        self.sensitiveKeys = sensitiveKeys
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(RuleFileError) -> RuleFile {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.readAll(path: path)
        } catch {
            throw RuleFileError(path: path, reason: "cannot read: \(error.reason)")
        }
        return try parse(bytes, path: path)
    }

    /// Parses rule file contents; `path` only labels errors.
    public static func parse(_ bytes: some Collection<UInt8>, path: String) throws(RuleFileError) -> RuleFile {
        let document: JSONValue
        do {
            document = try JSONParser().parse(bytes)
        } catch {
            throw RuleFileError(path: path, reason: "not valid JSON: \(error)")
        }
        return try RuleFileDecoder(path: path).decode(document)
    }

    /// `rules` with this file's entries applied.
    public func applied(to rules: [RedactionRule]) throws(RuleFileError) -> [RedactionRule] {
        var result = rules
        for entry in entries {
            let existing = result.firstIndex { $0.name == entry.name }
            guard entry.enabled else {
                guard let existing else {
                    throw RuleFileError(path: path, rule: entry.name, field: "enabled", reason: "no rule of this name to disable")
                }
                result.remove(at: existing)
                continue
            }
            guard let pattern = entry.pattern else {
                throw RuleFileError(path: path, rule: entry.name, field: "pattern", reason: "missing")
            }
            let rule = RedactionRule(
                name: entry.name,
                pattern: pattern,
                replacement: entry.replacement,
                validator: entry.validator
            )
            if let existing {
                result[existing] = rule
            } else {
                result.append(rule)
            }
        }
        return result
    }
}
