import CodexAppServer

/// The catalog `model/list` pages through: the behaviour document's `models`, else the catalog
/// bundled in codex 0.163.0.
struct FakeModelCatalog: Sendable, Equatable {
    var entries: [JSONValue]

    static let bundled = FakeModelCatalog(entries: BundledCatalog.entries.compactMap { try? JSONParser().parse($0) })

    /// An entry shaped like the real ones for a model id named in a behaviour document.
    static func entry(id: String, isDefault: Bool) -> JSONValue {
        let efforts: [JSONValue] = ["low", "medium", "high"].map { ["reasoningEffort": .string($0), "description": .string("\($0) effort")] }
        return [
            "id": .string(id), "model": .string(id), "upgrade": .null, "upgradeInfo": .null, "availabilityNux": .null,
            "displayName": .string(id), "description": "fake-codex model", "modelSpecialty": .null, "hidden": false,
            "supportedReasoningEfforts": .array(efforts), "defaultReasoningEffort": "medium", "inputModalities": ["text", "image"],
            "supportsPersonality": false, "multiAgentVersion": .null, "additionalSpeedTiers": [], "serviceTiers": [],
            "defaultServiceTier": .null, "availableAccessPrograms": .null, "isDefault": .bool(isDefault),
        ]
    }

    /// One page as codex 0.163.0 answers it: the cursor is the offset as a string, `nextCursor`
    /// the offset of the next page or `null`; a cursor that is not an offset into the list is
    /// `invalid cursor: …`. Without `limit` the rest of the list is one page.
    func page(cursor: String?, limit: Int?, includeHidden: Bool) -> Result<JSONValue, SerdeError> {
        let visible = includeHidden ? entries : entries.filter { $0["hidden"] != true }
        var start = 0
        if let cursor {
            guard let offset = Int(cursor), offset >= 0, offset <= visible.count else {
                return .failure(SerdeError(message: "invalid cursor: \(cursor)"))
            }
            start = offset
        }
        let count = min(visible.count - start, max(1, limit ?? visible.count))
        let end = start + max(0, count)
        let next: JSONValue = end < visible.count ? .string(String(end)) : .null
        return .success(["data": .array(Array(visible[start..<end])), "nextCursor": next])
    }
}
