import OrderedJSON
import Yams

/// One node of a scenario file with its dotted path, so every problem names file, line and field.
struct YAMLField {
    let node: Node
    let path: String
    let file: String

    var line: Int? { node.mark?.line }

    func failure(_ problem: String) -> ScenarioFileError {
        ScenarioFileError(file: file, line: line, field: path, problem: problem)
    }

    /// The entries of a mapping; keys outside `allowed` are rejected.
    func mapping(allowed: [String]) throws(ScenarioFileError) -> YAMLMapping {
        guard case .mapping(let mapping) = node else { throw failure("expected a mapping, got \(kind)") }
        var entries: [String: YAMLField] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw failure("keys must be strings") }
            let child = YAMLField(node: value, path: path.isEmpty ? name : "\(path).\(name)", file: file)
            guard allowed.contains(name) else {
                throw ScenarioFileError(file: file, line: key.mark?.line, field: child.path, problem: "unknown key (allowed: \(allowed.joined(separator: ", ")))")
            }
            entries[name] = child
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    func sequence() throws(ScenarioFileError) -> [YAMLField] {
        guard case .sequence(let sequence) = node else { throw failure("expected a list, got \(kind)") }
        return sequence.enumerated().map { YAMLField(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    func string() throws(ScenarioFileError) -> String {
        guard case .scalar(let scalar) = node else { throw failure("expected a string, got \(kind)") }
        return scalar.string
    }

    func integer(in range: ClosedRange<Int> = 0...Int.max) throws(ScenarioFileError) -> Int {
        guard case .scalar = node, let value = node.int else { throw failure("expected an integer, got \(describe)") }
        guard range.contains(value) else { throw failure("must be from \(range.lowerBound) to \(range.upperBound), got \(value)") }
        return value
    }

    func number(in range: ClosedRange<Double>) throws(ScenarioFileError) -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init) else { throw failure("expected a number, got \(describe)") }
        guard range.contains(value) else { throw failure("must be from \(range.lowerBound) to \(range.upperBound), got \(value)") }
        return value
    }

    func bool() throws(ScenarioFileError) -> Bool {
        guard case .scalar = node, let value = node.bool else { throw failure("expected true or false, got \(describe)") }
        return value
    }

    /// A mapping of environment variables; scalar values of any type become their text.
    func environment() throws(ScenarioFileError) -> [String: String] {
        guard case .mapping(let mapping) = node else { throw failure("expected a mapping of variables, got \(kind)") }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ScenarioFileError(file: file, line: key.mark?.line, field: path, problem: "variable names are letters, digits and _")
            }
            guard case .scalar(let scalar) = value else {
                throw ScenarioFileError(file: file, line: value.mark?.line, field: "\(path).\(name)", problem: "expected a scalar value")
            }
            result[name] = scalar.string
        }
        return result
    }

    /// Any node as JSON (for the fake worker's behaviour document); scalars keep their YAML type.
    func json() throws(ScenarioFileError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if scalar.string == "null" || scalar.string == "~" { return .null }
                if let value = node.int { return .integer(Int64(value)) }
                if let value = node.float { return .double(value) }
                if let value = node.bool { return .bool(value) }
            }
            return .string(scalar.string)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard let name = key.string else { throw failure("keys must be strings") }
                object[name] = try YAMLField(node: value, path: "\(path).\(name)", file: file).json()
            }
            return .object(object)
        case .sequence:
            return .array(try sequence().map { field throws(ScenarioFileError) in try field.json() })
        case .alias:
            throw failure("aliases are not supported")
        }
    }

    private var kind: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private var describe: String {
        if case .scalar(let scalar) = node { return "'\(scalar.string.prefix(40))'" }
        return kind
    }
}

/// The checked entries of one mapping.
struct YAMLMapping {
    let owner: YAMLField
    let entries: [String: YAMLField]

    subscript(_ key: String) -> YAMLField? { entries[key] }

    func required(_ key: String) throws(ScenarioFileError) -> YAMLField {
        guard let field = entries[key] else {
            throw ScenarioFileError(file: owner.file, line: owner.line, field: owner.path.isEmpty ? key : "\(owner.path).\(key)", problem: "required")
        }
        return field
    }
}
