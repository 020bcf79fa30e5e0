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

    /// Appends the compact JSON encoding of `value` redacted: the same bytes as
    /// `redact(value).write(to:)`, without building the redacted value (one pass, no copies of
    /// the tree; the trace buffer writes every frame this way).
    public func writeRedacted(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONValue.writeString(redact(text), to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeRedacted(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.writeString(member.key, to: &output)
                output.append(UInt8(ascii: ":"))
                if sensitiveKeys.contains(member.key) {
                    JSONValue.writeString(SensitiveKeys.replacement, to: &output)
                } else {
                    writeRedacted(member.value, to: &output)
                }
            }
            output.append(UInt8(ascii: "}"))
        case .null, .bool, .integer, .double:
            value.write(to: &output)
        }
    }

    private static let sensitiveValue = JSONValue.string(SensitiveKeys.replacement)
}
