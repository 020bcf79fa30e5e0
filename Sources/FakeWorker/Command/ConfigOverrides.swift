/// `-c key=value` overrides as the real binary takes them (values are TOML literals).
///
/// The fake only reads a few string keys; everything else is accepted and ignored.
struct ConfigOverrides {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) {
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { continue }
            let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
            values[key] = String(argument[argument.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// The value of `key` as a string: TOML quotes removed, bare words taken as they are.
    func string(_ key: String) -> String? {
        guard let raw = values[key] else { return nil }
        for quote in ["\"", "'"] where raw.count >= 2 && raw.hasPrefix(quote) && raw.hasSuffix(quote) {
            return String(raw.dropFirst().dropLast())
        }
        return raw
    }
}
