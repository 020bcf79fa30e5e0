import Foundation
import CodexAppServer

/// Compares two JSON trees under ``ConformanceRules``, keeping the identifier correspondence
/// across all the messages of a transcript.
struct JSONTreeComparator {
    let rules: ConformanceRules
    var identities = IdentityMap()

    /// Where and how two values differ.
    struct Mismatch {
        var path: String
        var problem: String
        var expected: String
        var actual: String
    }

    /// The first difference between `reference` and `live`, or `nil`. With `exactTopLevelID` the
    /// message's own `id` must be equal (a client-chosen id echoed back) rather than merely consistent.
    mutating func firstMismatch(_ reference: JSONValue, _ live: JSONValue, exactTopLevelID: Bool) -> Mismatch? {
        compare(reference, live, path: [], key: nil, volatile: false, exactID: exactTopLevelID)
    }

    private mutating func compare(_ reference: JSONValue, _ live: JSONValue, path: [String], key: String?, volatile: Bool, exactID: Bool) -> Mismatch? {
        let where_ = path.isEmpty ? "(message)" : path.joined(separator: ".")
        guard Self.typeName(reference) == Self.typeName(live) else {
            return Mismatch(path: where_, problem: "different JSON type", expected: "\(Self.typeName(reference)) \(reference.jsonString.prefix(200))", actual: "\(Self.typeName(live)) \(live.jsonString.prefix(200))")
        }
        switch (reference, live) {
        case (.object(let expected), .object(let actual)):
            let expectedKeys = Array(expected.keys)
            let actualKeys = Array(actual.keys)
            if expectedKeys != actualKeys {
                let expectedSet = Set(expectedKeys)
                let actualSet = Set(actualKeys)
                let problem: String
                if let missing = expectedKeys.first(where: { !actualSet.contains($0) }) {
                    problem = "missing key `\(missing)`"
                } else if let extra = actualKeys.first(where: { !expectedSet.contains($0) }) {
                    problem = "unexpected key `\(extra)`"
                } else {
                    problem = "same keys in a different order"
                }
                return Mismatch(path: where_, problem: problem, expected: "keys \(expectedKeys)", actual: "keys \(actualKeys)")
            }
            for (name, value) in expected {
                let childVolatile = volatile || rules.volatileSubtrees.contains(name)
                let isTopLevelID = path.isEmpty && name == "id" && exactID
                if isTopLevelID {
                    if value != actual[name]! {
                        return Mismatch(path: "id", problem: "different id", expected: value.jsonString, actual: actual[name]!.jsonString)
                    }
                    continue
                }
                if let mismatch = compare(value, actual[name]!, path: path + [name], key: name, volatile: childVolatile, exactID: false) {
                    return mismatch
                }
            }
            return nil
        case (.array(let expected), .array(let actual)):
            guard expected.count == actual.count else {
                return Mismatch(path: where_, problem: "different array length", expected: "\(expected.count) elements \(reference.jsonString.prefix(200))", actual: "\(actual.count) elements \(live.jsonString.prefix(200))")
            }
            for (index, pair) in zip(expected, actual).enumerated() {
                var elementPath = path
                let last = elementPath.popLast() ?? ""
                elementPath.append("\(last)[\(index)]")
                if let mismatch = compare(pair.0, pair.1, path: elementPath, key: key, volatile: volatile, exactID: false) {
                    return mismatch
                }
            }
            return nil
        default:
            return compareScalar(reference, live, where_: where_, key: key, volatile: volatile)
        }
    }

    private mutating func compareScalar(_ reference: JSONValue, _ live: JSONValue, where_: String, key: String?, volatile: Bool) -> Mismatch? {
        if volatile || rules.isVolatile(key: key) || reference.isNull { return nil }
        let isUUID = reference.stringValue.map(ConformanceRules.looksLikeUUID) ?? false
        if rules.isIdentifier(key: key) || isUUID {
            guard let conflict = identities.bind(reference, live) else { return nil }
            return Mismatch(path: where_, problem: "inconsistent identifier (\(conflict))", expected: reference.jsonString, actual: live.jsonString)
        }
        if case .string(let expected) = reference, case .string(let actual) = live {
            var substituted = rules.substituted(actual)
            // Ids quoted inside texts ("thread not found: <id>") follow the identifier map too.
            let expectedIDs = ConformanceRules.embeddedUUIDs(in: expected)
            let actualIDs = ConformanceRules.embeddedUUIDs(in: substituted)
            if !expectedIDs.isEmpty, expectedIDs.count == actualIDs.count {
                for (referenceID, liveID) in zip(expectedIDs, actualIDs) {
                    if let conflict = identities.bind(.string(referenceID), .string(liveID)) {
                        return Mismatch(path: where_, problem: "inconsistent identifier inside text (\(conflict))", expected: reference.jsonString, actual: live.jsonString)
                    }
                    substituted = substituted.replacingOccurrences(of: liveID, with: referenceID)
                }
            }
            guard expected != substituted, !rules.sameUpToVolatileText(expected, substituted) else { return nil }
            return Mismatch(path: where_, problem: "different string", expected: reference.jsonString.prefixed, actual: JSONValue.string(substituted).jsonString.prefixed)
        }
        guard reference != live else { return nil }
        return Mismatch(path: where_, problem: "different value", expected: reference.jsonString, actual: live.jsonString)
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .integer: "integer"
        case .double: "float"
        default: value.typeName
        }
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }

    /// At most 300 characters, marked when cut.
    fileprivate var prefixed: String { count > 300 ? prefix(300) + "…" : self }
}
