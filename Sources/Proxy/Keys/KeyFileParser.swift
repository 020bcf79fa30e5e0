import Yams

/// Parses a key file (YAML, or JSON, which YAML reads too) into a ``KeyFile``, or throws the
/// first problem with its line and field. Unknown fields are errors, so a misspelt limit is
/// never silently ignored.
public enum KeyFileParser {
    /// Files above this size are refused before parsing.
    public static let maximumBytes = 1_048_576
    /// At most this many keys; bounds the limiter's memory.
    public static let maximumKeys = 10_000
    static let limitFields = ["requests_per_minute", "tokens_per_minute", "max_concurrent"]
    static let plainKeyFields: Set<String> = ["key", "api_key", "apikey", "secret", "token"]

    public static func parse(_ text: String) throws(KeyFileError) -> KeyFile {
        guard text.utf8.count <= maximumBytes else {
            throw KeyFileError(problem: "the file is larger than \(maximumBytes) bytes")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw KeyFileError(line: 1, problem: "the file is empty; it needs a 'keys' list")
            }
            root = node
        } catch let error as KeyFileError {
            throw error
        } catch {
            throw syntaxError(error)
        }
        guard let top = root.mapping else {
            throw KeyFileError(line: root.mark?.line, problem: "the top level must be a mapping with a 'keys' list")
        }
        var defaults = KeyLimitOverrides()
        var keysNode: Node?
        for (keyNode, value) in top {
            switch keyNode.string {
            case "keys": keysNode = value
            case "defaults": defaults = try parseLimits(in: value, path: "defaults", rejectingOtherFields: true)
            default:
                throw KeyFileError(line: keyNode.mark?.line, field: label(keyNode), problem: "unknown field; expected 'keys' or 'defaults'")
            }
        }
        guard let keysNode else { throw KeyFileError(line: root.mark?.line, field: "keys", problem: "missing; list the keys under 'keys'") }
        guard let sequence = keysNode.sequence else {
            throw KeyFileError(line: keysNode.mark?.line, field: "keys", problem: "must be a list of keys")
        }
        guard sequence.count <= maximumKeys else {
            throw KeyFileError(line: keysNode.mark?.line, field: "keys", problem: "more than \(maximumKeys) keys")
        }
        var entries: [KeyFile.Entry] = []
        var names: [String: Int] = [:]
        var digests: [KeyDigest: String] = [:]
        for (index, node) in sequence.enumerated() {
            let entry = try parseEntry(node, path: "keys[\(index)]")
            if let previous = names[entry.name] {
                throw KeyFileError(line: entry.line, field: "keys[\(index)].name", problem: "'\(entry.name)' is already used on line \(previous)")
            }
            if let other = digests[entry.digest] {
                throw KeyFileError(line: entry.line, field: "keys[\(index)].hash", problem: "the same hash as key '\(other)'")
            }
            names[entry.name] = entry.line
            digests[entry.digest] = entry.name
            entries.append(entry)
        }
        return KeyFile(defaults: defaults, entries: entries)
    }

    private static func parseEntry(_ node: Node, path: String) throws(KeyFileError) -> KeyFile.Entry {
        guard let mapping = node.mapping else {
            throw KeyFileError(line: node.mark?.line, field: path, problem: "must be a mapping with 'name' and 'hash'")
        }
        let line = node.mark?.line ?? 0
        var name: String?
        var digest: KeyDigest?
        for (keyNode, value) in mapping {
            let field = keyNode.string ?? ""
            let fieldPath = "\(path).\(label(keyNode))"
            switch field {
            case "name":
                guard let text = value.scalar?.string, KeyName.isValid(text) else {
                    throw KeyFileError(
                        line: value.mark?.line, field: fieldPath,
                        problem: "must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
                    )
                }
                name = text
            case "hash":
                guard let text = value.scalar?.string, let parsed = KeyDigest(parsing: text) else {
                    throw KeyFileError(
                        line: value.mark?.line, field: fieldPath,
                        problem: "must be 'sha256:' followed by 64 hex digits; plain keys are refused (print the line with 'codex-proxy keys hash')"
                    )
                }
                digest = parsed
            case _ where plainKeyFields.contains(field.lowercased()):
                throw KeyFileError(
                    line: keyNode.mark?.line, field: fieldPath,
                    problem: "plain keys are refused so the file holds no secret; store 'hash: sha256:<hex>' from 'codex-proxy keys hash' instead"
                )
            case _ where limitFields.contains(field):
                continue
            default:
                throw KeyFileError(
                    line: keyNode.mark?.line, field: fieldPath,
                    problem: "unknown field; expected name, hash, \(limitFields.joined(separator: ", "))"
                )
            }
        }
        guard let name else { throw KeyFileError(line: line, field: "\(path).name", problem: "missing") }
        guard let digest else { throw KeyFileError(line: line, field: "\(path).hash", problem: "missing") }
        let limits = try parseLimits(in: node, path: path, rejectingOtherFields: false)
        return KeyFile.Entry(name: name, digest: digest, limits: limits, line: line)
    }

    /// The limit fields of `node`; other fields are errors when `rejectingOtherFields` (else the caller checked them).
    private static func parseLimits(in node: Node, path: String, rejectingOtherFields: Bool) throws(KeyFileError) -> KeyLimitOverrides {
        guard let mapping = node.mapping else {
            throw KeyFileError(line: node.mark?.line, field: path, problem: "must be a mapping of limits")
        }
        var overrides = KeyLimitOverrides()
        for (keyNode, value) in mapping {
            let field = keyNode.string ?? ""
            guard limitFields.contains(field) else {
                if !rejectingOtherFields { continue }
                throw KeyFileError(
                    line: keyNode.mark?.line, field: "\(path).\(label(keyNode))",
                    problem: "unknown field; expected \(limitFields.joined(separator: ", "))"
                )
            }
            guard value.scalar != nil, let number = value.int, (0...KeyLimits.maximum).contains(number) else {
                throw KeyFileError(
                    line: value.mark?.line, field: "\(path).\(field)",
                    problem: "must be an integer from 0 (unlimited) to \(KeyLimits.maximum)"
                )
            }
            switch field {
            case "requests_per_minute": overrides.requestsPerMinute = number
            case "tokens_per_minute": overrides.tokensPerMinute = number
            default: overrides.maxConcurrent = number
            }
        }
        return overrides
    }

    /// A field name fit for an error message: at most 64 characters of it.
    private static func label(_ node: Node) -> String {
        String((node.string ?? "?").prefix(64))
    }

    /// A YAML syntax error as line + problem, without the snippet (it could quote a secret).
    private static func syntaxError(_ error: any Error) -> KeyFileError {
        guard let yamlError = error as? YamlError else { return KeyFileError(problem: "not valid YAML or JSON") }
        switch yamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return KeyFileError(line: mark.line, problem: "not valid YAML or JSON: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return KeyFileError(
                line: context.mark.line, field: duplicates.first.map { String($0.prefix(64)) }, problem: "the field appears twice in one mapping"
            )
        default:
            return KeyFileError(problem: "not valid YAML or JSON")
        }
    }
}

/// The rules for a key's name, which becomes a log field and a metric label value.
enum KeyName {
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
