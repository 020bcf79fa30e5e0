/// Start-up configuration that cannot be used; the message names every bad variable.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// One line per problem, each naming the variable.
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        "invalid configuration:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
