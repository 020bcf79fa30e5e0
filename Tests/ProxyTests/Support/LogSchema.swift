import Foundation
import OrderedJSON
import TestSupport

/// The log schema as documented in docs/logging.md: the field table and the event table.
struct LogSchema {
    enum FieldType: String {
        case string, integer, number, boolean

        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.string, .string), (.integer, .integer), (.number, .integer), (.number, .double), (.boolean, .bool): true
            default: false
            }
        }
    }

    static let alwaysPresent: Set<String> = ["timestamp", "level", "event"]
    static let common: Set<String> = ["timestamp", "level", "event", "request_id", "component", "key_name"]

    var fields: [String: FieldType]
    var events: [String: Set<String>]

    /// Parses the two tables of docs/logging.md.
    static func documented() throws -> LogSchema {
        let path = BuiltProducts.repositoryRoot.appendingPathComponent("docs/logging.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var fields: [String: FieldType] = [:]
        var events: [String: Set<String>] = [:]
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            guard line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            switch section {
            case "Fields":
                guard let type = FieldType(rawValue: cells[2]) else { throw SchemaError("unknown type '\(cells[2])' for field \(name)") }
                fields[name] = type
            case "Events":
                events[name] = Set(cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            default:
                continue
            }
        }
        guard !fields.isEmpty, !events.isEmpty else { throw SchemaError("docs/logging.md has no field or event table") }
        return LogSchema(fields: fields, events: events)
    }

    /// What is wrong with one log line, if anything.
    func problems(in entry: JSONValue) -> [String] {
        guard case .object(let object) = entry else { return ["not an object: \(entry)"] }
        var problems: [String] = []
        for required in Self.alwaysPresent where object[required] == nil {
            problems.append("missing \(required): \(entry)")
        }
        guard let event = object["event"]?.stringValue else { return problems + ["event is not a string: \(entry)"] }
        guard let allowed = events[event] else { return problems + ["undocumented event \(event): \(entry)"] }
        for (key, value) in object {
            guard let type = fields[key] else {
                problems.append("undocumented field \(key) in \(event)")
                continue
            }
            if !Self.common.contains(key), !allowed.contains(key) {
                problems.append("field \(key) is not documented for \(event)")
            }
            if !type.accepts(value) {
                problems.append("field \(key) of \(event) should be \(type.rawValue), is \(value)")
            }
        }
        return problems
    }
}

struct SchemaError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
