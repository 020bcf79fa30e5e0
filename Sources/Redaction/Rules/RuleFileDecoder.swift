import OrderedJSON

/// Turns a parsed rule file document into a ``RuleFile``, with errors naming rule and field.
struct RuleFileDecoder {
    let path: String

    private static let topLevelFields: Set<String> = ["rules", "sensitive_keys"]
    private static let ruleFields: Set<String> = ["name", "pattern", "replacement", "validator", "enabled"]

    func decode(_ document: JSONValue) throws(RuleFileError) -> RuleFile {
        guard let object = document.objectValue else {
            throw RuleFileError(path: path, reason: "expected a JSON object at the top level, got \(document.typeName)")
        }
        if let unknown = object.keys.first(where: { !Self.topLevelFields.contains($0) }) {
            throw RuleFileError(path: path, field: unknown, reason: "unknown field (expected \(Self.list(Self.topLevelFields)))")
        }
        var entries: [RuleFileEntry] = []
        if let rules = object["rules"] {
            guard let array = rules.arrayValue else {
                throw RuleFileError(path: path, field: "rules", reason: "expected an array, got \(rules.typeName)")
            }
            var seen: Set<String> = []
            for (index, element) in array.enumerated() {
                let entry = try decodeEntry(element, index: index + 1)
                guard seen.insert(entry.name).inserted else {
                    throw RuleFileError(path: path, rule: entry.name, field: "name", reason: "appears more than once")
                }
                entries.append(entry)
            }
        }
        var keys: [String] = []
        if let sensitive = object["sensitive_keys"] {
            guard let array = sensitive.arrayValue else {
                throw RuleFileError(path: path, field: "sensitive_keys", reason: "expected an array of strings, got \(sensitive.typeName)")
            }
            for element in array {
                guard let key = element.stringValue, !key.isEmpty else {
                    throw RuleFileError(path: path, field: "sensitive_keys", reason: "expected non-empty strings, got \(element.typeName)")
                }
                keys.append(key)
            }
        }
        return RuleFile(path: path, entries: entries, sensitiveKeys: keys)
    }

    private func decodeEntry(_ element: JSONValue, index: Int) throws(RuleFileError) -> RuleFileEntry {
        let position = "#\(index)"
        guard let object = element.objectValue else {
            throw RuleFileError(path: path, rule: position, reason: "expected an object, got \(element.typeName)")
        }
        guard let nameValue = object["name"] else {
            throw RuleFileError(path: path, rule: position, field: "name", reason: "missing")
        }
        guard let name = nameValue.stringValue else {
            throw RuleFileError(path: path, rule: position, field: "name", reason: "expected a string, got \(nameValue.typeName)")
        }
        guard RedactionRule.isValidName(name) else {
            throw RuleFileError(path: path, rule: position, field: "name", reason: "'\(name)' must be 1–64 characters of A–Z a–z 0–9 _ . -")
        }
        if let unknown = object.keys.first(where: { !Self.ruleFields.contains($0) }) {
            throw RuleFileError(path: path, rule: name, field: unknown, reason: "unknown field (expected \(Self.list(Self.ruleFields)))")
        }
        let pattern = try optionalString(object, "pattern", rule: name)
        if pattern?.isEmpty == true {
            throw RuleFileError(path: path, rule: name, field: "pattern", reason: "must not be empty")
        }
        let replacement = try optionalString(object, "replacement", rule: name)
        var validator: RedactionValidator?
        if let validatorName = try optionalString(object, "validator", rule: name) {
            guard let known = RedactionValidator(rawValue: validatorName) else {
                let known = RedactionValidator.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw RuleFileError(
                    path: path,
                    rule: name,
                    field: "validator",
                    reason: "unknown validator '\(validatorName)' (known: \(known))"
                )
            }
            validator = known
        }
        var enabled = true
        if let value = object["enabled"] {
            guard let flag = value.boolValue else {
                throw RuleFileError(path: path, rule: name, field: "enabled", reason: "expected a boolean, got \(value.typeName)")
            }
            enabled = flag
        }
        return RuleFileEntry(name: name, pattern: pattern, replacement: replacement, validator: validator, enabled: enabled)
    }

    /// The string member `field`, `nil` when absent or JSON null.
    private func optionalString(_ object: JSONObject, _ field: String, rule: String) throws(RuleFileError) -> String? {
        guard let value = object[field], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw RuleFileError(path: path, rule: rule, field: field, reason: "expected a string, got \(value.typeName)")
        }
        return text
    }

    private static func list(_ fields: Set<String>) -> String {
        fields.sorted().map { "'\($0)'" }.joined(separator: ", ")
    }
}
