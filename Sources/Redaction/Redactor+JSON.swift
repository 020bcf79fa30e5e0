import OrderedJSON

extension Redactor {
    /// `value` with sensitive members replaced whole and every other string redacted as text.
    ///
    /// A member whose name is in ``sensitiveKeys`` gets the value `"[REDACTED:sensitive_key]"`,
    /// whatever its type (a nested object or array included). Every other string value, at any
    /// depth, goes through the text rules. Object keys are kept as they are: they are schema
    /// names, and rewriting them could merge two members into one. Numbers, booleans and nulls
    /// outside sensitive members pass unchanged. When nothing changes, `value` itself is returned.
    public func redact(_ value: JSONValue) -> JSONValue {
        redactedIfChanged(value) ?? value
    }

    /// The redacted value, or `nil` when nothing changed.
    func redactedIfChanged(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .string(let text):
            return redactedIfChanged(text).map(JSONValue.string)
        case .array(let elements):
            var result: [JSONValue]?
            for (index, element) in elements.enumerated() {
                guard let redacted = redactedIfChanged(element) else { continue }
                if result == nil { result = elements }
                result![index] = redacted
            }
            return result.map(JSONValue.array)
        case .object(let members):
            var result: JSONObject?
            for (key, member) in members {
                let redacted: JSONValue?
                if sensitiveKeys.contains(key) {
                    redacted = member == Self.sensitiveValue ? nil : Self.sensitiveValue
                } else {
                    redacted = redactedIfChanged(member)
                }
                guard let redacted else { continue }
                if result == nil { result = members }
                result![key] = redacted
            }
            return result.map(JSONValue.object)
        case .null, .bool, .integer, .double:
            return nil
        }
    }

    private static let sensitiveValue = JSONValue.string(SensitiveKeys.replacement)
}
