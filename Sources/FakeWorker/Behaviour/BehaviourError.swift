/// A behaviour document that cannot be used, with the path of the offending key.
struct BehaviourError: Error, CustomStringConvertible {
    /// Dotted path of the key, e.g. `launches[1].crash.afterDeltas`, or the source for syntax errors.
    var path: String
    var problem: String

    var description: String { "\(path): \(problem)" }
}
