import CodexAppServer

/// A whole behaviour document: the base behaviour plus per-launch overrides.
///
/// Entry k of `launches` is merged key by key over the base document and applies to launch k+1;
/// launches beyond the list use the base document. Every entry is validated up front so that a bad
/// document fails on the first launch, not the fifth.
struct BehaviourDocument: Sendable, Equatable {
    var base: Behaviour
    var launches: [Behaviour]

    static let empty = BehaviourDocument(base: Behaviour(), launches: [])

    /// Parses document text; `source` names the file or variable in error messages.
    static func parse(_ text: String, source: String) throws(BehaviourError) -> BehaviourDocument {
        let value: JSONValue
        do {
            value = try JSONParser().parse(text)
        } catch {
            throw BehaviourError(path: source, problem: "not JSON: \(error)")
        }
        let reader = try BehaviourReader(value, path: "")
        let base = try BehaviourParser.parse(reader)
        var launches: [Behaviour] = []
        if let entries = reader.object["launches"] {
            guard let array = entries.arrayValue else {
                throw BehaviourError(path: "launches", problem: "expected an array of objects, found \(entries)")
            }
            for (index, entry) in array.enumerated() {
                let entryReader = try BehaviourReader(entry, path: "launches[\(index)]")
                if entryReader.has("launches") {
                    throw BehaviourError(path: entryReader.keyPath("launches"), problem: "launches cannot nest")
                }
                try entryReader.rejectUnknownKeys(allowed: BehaviourParser.topLevelKeys)
                var merged = reader.object
                merged.removeValue(forKey: "launches")
                for (key, value) in entryReader.object { merged[key] = value }
                do {
                    launches.append(try BehaviourParser.parse(BehaviourReader(.object(merged), path: "")))
                } catch {
                    // Re-run on the entry alone so the error names the entry's own key.
                    _ = try BehaviourParser.parse(BehaviourReader(entry, path: "launches[\(index)]"))
                    throw BehaviourError(path: "launches[\(index)]", problem: "invalid once merged with the base document: \(error)")
                }
            }
        }
        return BehaviourDocument(base: base, launches: launches)
    }

    /// The behaviour of launch `number` (1-based).
    func behaviour(forLaunch number: Int) -> Behaviour {
        let index = number - 1
        return launches.indices.contains(index) ? launches[index] : base
    }
}
