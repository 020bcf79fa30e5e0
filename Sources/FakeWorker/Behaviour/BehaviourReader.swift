import CodexAppServer

/// Reads one JSON object of a behaviour document strictly: unknown keys and mistyped values are
/// errors that name their full path.
struct BehaviourReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String) throws(BehaviourError) {
        guard case .object(let object) = value else {
            throw BehaviourError(path: path.isEmpty ? "document" : path, problem: "expected an object, found \(value.typeName)")
        }
        self.object = object
        self.path = path
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Fails on the first key that is not in `allowed`.
    func rejectUnknownKeys(allowed: Set<String>) throws(BehaviourError) {
        for key in object.keys where !allowed.contains(key) {
            throw BehaviourError(path: keyPath(key), problem: "unknown key (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    func integer(_ key: String, minimum: Int = 0) throws(BehaviourError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.integerValue, number >= minimum, number <= Int64(Int32.max) else {
            throw BehaviourError(path: keyPath(key), problem: "expected an integer >= \(minimum), found \(value)")
        }
        return Int(number)
    }

    func string(_ key: String) throws(BehaviourError) -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else {
            throw BehaviourError(path: keyPath(key), problem: "expected a string, found \(value)")
        }
        return text
    }

    func bool(_ key: String) throws(BehaviourError) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let flag = value.boolValue else {
            throw BehaviourError(path: keyPath(key), problem: "expected true or false, found \(value)")
        }
        return flag
    }

    func strings(_ key: String) throws(BehaviourError) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let array = value.arrayValue else {
            throw BehaviourError(path: keyPath(key), problem: "expected an array of strings, found \(value)")
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue else {
                throw BehaviourError(path: "\(keyPath(key))[\(index)]", problem: "expected a string, found \(element)")
            }
            result.append(text)
        }
        return result
    }

    func nested(_ key: String) throws(BehaviourError) -> BehaviourReader? {
        guard let value = object[key] else { return nil }
        return try BehaviourReader(value, path: keyPath(key))
    }
}
