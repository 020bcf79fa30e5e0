import Foundation

/// Reads typed settings from a string dictionary (the environment merged with command-line
/// flags), collecting every problem instead of stopping at the first, so that one start-up
/// attempt reports all bad variables by name.
struct EnvironmentReader {
    private let values: [String: String]
    private(set) var problems: [String] = []

    init(_ values: [String: String]) {
        self.values = values
    }

    /// The trimmed value of `name`, or `nil` when unset or blank.
    func raw(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    mutating func string(_ name: String, default defaultValue: String) -> String {
        raw(name) ?? defaultValue
    }

    mutating func optionalString(_ name: String) -> String? {
        raw(name)
    }

    mutating func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) -> Int {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            problems.append("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
            return defaultValue
        }
        return value
    }

    mutating func milliseconds(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) -> Duration {
        .milliseconds(integer(name, default: defaultValue, range: range))
    }

    mutating func bool(_ name: String, default defaultValue: Bool) -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            problems.append("\(name) must be true or false, got '\(text)'")
            return defaultValue
        }
    }

    /// A comma-separated list with blanks removed.
    mutating func list(_ name: String, default defaultValue: [String]) -> [String] {
        guard let text = raw(name) else { return defaultValue }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Records a problem found while validating a combination of settings.
    mutating func reject(_ problem: String) {
        problems.append(problem)
    }
}
