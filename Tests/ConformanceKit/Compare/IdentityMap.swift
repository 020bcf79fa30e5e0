import CodexAppServer

/// A one-to-one correspondence between identifiers of a reference transcript and of a live one,
/// built up as they are met.
public struct IdentityMap: Sendable {
    private var forward: [JSONValue: JSONValue] = [:]
    private var backward: [JSONValue: JSONValue] = [:]

    public init() {}

    /// The live value bound to a reference value.
    public func live(for reference: JSONValue) -> JSONValue? { forward[reference] }

    /// Every binding of reference strings to live strings.
    public var stringBindings: [(reference: String, live: String)] {
        forward.compactMap { key, value in
            guard let reference = key.stringValue, let live = value.stringValue else { return nil }
            return (reference, live)
        }
    }

    /// Binds `reference` to `live`, or explains why that contradicts an earlier binding.
    public mutating func bind(_ reference: JSONValue, _ live: JSONValue) -> String? {
        if let bound = forward[reference] {
            return bound == live ? nil : "reference id \(reference) was live \(bound) before, now \(live)"
        }
        if let bound = backward[live] {
            return "live id \(live) already stands for reference \(bound), not \(reference)"
        }
        forward[reference] = live
        backward[live] = reference
        return nil
    }

    /// Binds without failing: the first binding of either side wins (used to learn ids while
    /// replaying, before any comparison).
    public mutating func learn(_ reference: JSONValue, _ live: JSONValue) {
        guard forward[reference] == nil, backward[live] == nil else { return }
        forward[reference] = live
        backward[live] = reference
    }
}
