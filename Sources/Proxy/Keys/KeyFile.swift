/// The parsed `PROXY_API_KEYS_FILE`: named key digests with optional limits.
///
/// ```yaml
/// defaults:                    # optional; over the PROXY_KEY_* settings
///   requests_per_minute: 60
/// keys:
///   - name: team-a             # letters, digits, - _ . (1 to 64); in logs and metric labels
///     hash: sha256:9f86d08...  # from `codex-proxy keys hash`; plain keys are refused
///     tokens_per_minute: 200000
///     max_concurrent: 2
/// ```
public struct KeyFile: Sendable, Equatable {
    /// One configured key.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var digest: KeyDigest
        public var limits: KeyLimitOverrides
        /// Where the entry starts in the file, for error messages.
        public var line: Int
    }

    public var defaults: KeyLimitOverrides
    public var entries: [Entry]

    /// The limits each entry ends up with: its own, else the file's defaults, else `base`.
    public func resolvedLimits(over base: KeyLimits) -> [(entry: Entry, limits: KeyLimits)] {
        let fileDefaults = defaults.applied(to: base)
        return entries.map { ($0, $0.limits.applied(to: fileDefaults)) }
    }
}

/// What is wrong with a key file, naming the line and the field; never quotes a key or a hash.
public struct KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line, when known.
    public var line: Int?
    /// The field at fault (`keys[2].hash`), when there is one.
    public var field: String?
    public var problem: String
    /// The file's path, when the error is reported outside the reload log line.
    public var file: String?

    public init(line: Int? = nil, field: String? = nil, problem: String, file: String? = nil) {
        self.line = line
        self.field = field
        self.problem = problem
        self.file = file
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append("PROXY_API_KEYS_FILE \(file)") }
        if let line { parts.append("line \(line)") }
        if let field { parts.append("field '\(field)'") }
        return parts.isEmpty ? problem : "\(parts.joined(separator: ", ")): \(problem)"
    }
}
