import CodexAppServer

/// A parameter error worded exactly like serde / serde_json, which the real app-server reports
/// verbatim after "Invalid request: ".
struct SerdeError: Error, Equatable, CustomStringConvertible {
    var message: String

    var description: String { message }

    static func invalidType(_ value: JSONValue, expected: String) -> SerdeError {
        SerdeError(message: "invalid type: \(unexpected(value)), expected \(expected)")
    }

    static func missingField(_ name: String) -> SerdeError {
        SerdeError(message: "missing field `\(name)`")
    }

    static func unknownVariant(_ name: String, expected: [String]) -> SerdeError {
        guard !expected.isEmpty else { return SerdeError(message: "unknown variant `\(name)`, there are no variants") }
        return SerdeError(message: "unknown variant `\(name)`, expected \(oneOf(expected))")
    }

    static func invalidLength(_ length: Int, expected: String) -> SerdeError {
        SerdeError(message: "invalid length \(length), expected \(expected)")
    }

    static func duplicateField(_ name: String) -> SerdeError {
        SerdeError(message: "duplicate field `\(name)`")
    }

    /// serde's `OneOf`: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
    static func oneOf(_ names: [String]) -> String {
        switch names.count {
        case 1: "`\(names[0])`"
        case 2: "`\(names[0])` or `\(names[1])`"
        default: "one of " + names.map { "`\($0)`" }.joined(separator: ", ")
        }
    }

    /// serde_json's description of an unexpected value: "integer `123`", "string \"x\"", "map".
    static func unexpected(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "boolean `\(flag)`"
        case .integer(let number): "integer `\(number)`"
        case .double(let number): "floating point `\(formatFloat(number))`"
        case .string(let text): "string \(rustDebug(text))"
        case .array: "sequence"
        case .object: "map"
        }
    }

    /// Rust's `Display` of an `f64` plus serde's forced decimal point.
    static func formatFloat(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e16 {
            return "\(Int64(number)).0"
        }
        return "\(number)"
    }

    /// Rust's `Debug` of a `str`: quoted, with `\"`, `\\`, `\n`, `\r`, `\t`, `\0` and `\u{..}` escapes.
    static func rustDebug(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
