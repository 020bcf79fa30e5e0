import CodexAppServer

/// Learns which live identifiers stand for the reference's (thread, turn, item and server
/// request ids) by pairing messages that must correspond: responses by request id, and
/// notifications and server requests by method and occurrence. Order does not matter, so
/// learning works on a partly received live transcript.
struct IdentifierLearner {
    let rules: ConformanceRules
    private(set) var identities = IdentityMap()

    init(rules: ConformanceRules) {
        self.rules = rules
    }

    /// Learns from every reference message that has a live counterpart.
    mutating func learn(reference: [ServerMessage], live: [ServerMessage]) {
        var liveByKey: [String: JSONValue] = [:]
        var occurrences: [String: Int] = [:]
        for message in live {
            guard let json = message.json else { continue }
            let key = Self.key(message, occurrences: &occurrences)
            liveByKey[key] = json
        }
        occurrences = [:]
        for message in reference {
            guard let json = message.json else { continue }
            let key = Self.key(message, occurrences: &occurrences)
            if let counterpart = liveByKey[key] { walk(json, counterpart, key: nil) }
        }
    }

    private static func key(_ message: ServerMessage, occurrences: inout [String: Int]) -> String {
        let base: String
        switch message.kind {
        case .response(let id), .error(.some(let id)): return "reply \(id.json.jsonString)"
        case .notification(let method): base = "notification \(method)"
        case .request(let method): base = "request \(method)"
        case .error(nil), .unparsable: base = "other"
        }
        let count = occurrences[base, default: 0]
        occurrences[base] = count + 1
        return "\(base) #\(count)"
    }

    private mutating func walk(_ reference: JSONValue, _ live: JSONValue, key: String?) {
        switch (reference, live) {
        case (.object(let expected), .object(let actual)):
            for (name, value) in expected {
                if let counterpart = actual[name] { walk(value, counterpart, key: name) }
            }
        case (.array(let expected), .array(let actual)):
            for (value, counterpart) in zip(expected, actual) { walk(value, counterpart, key: key) }
        default:
            let isUUID = reference.stringValue.map(ConformanceRules.looksLikeUUID) ?? false
            if rules.isIdentifier(key: key) || isUUID { identities.learn(reference, live) }
        }
    }
}
