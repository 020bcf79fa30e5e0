extension ProxyConfiguration {
    /// API keys and their default limits (`PROXY_API_KEY`, `PROXY_API_KEYS_FILE`, `PROXY_KEY_*`).
    public struct Keys: Sendable {
        /// Where the keys come from.
        public enum Source: Sendable, Equatable {
            /// No key: `/v1/*` is open (logged as a warning at start).
            case none
            /// `PROXY_API_KEY`: one key, named `default`.
            case single(String)
            /// `PROXY_API_KEYS_FILE`: named key digests, re-read on SIGHUP.
            case file(String)
        }

        public var source: Source
        /// Limits of keys that set none of their own; 0 = unlimited.
        public var defaultLimits: KeyLimits

        public init(source: Source, defaultLimits: KeyLimits = .unlimited) {
            self.source = source
            self.defaultLimits = defaultLimits
        }
    }

    /// Reads the key settings; setting both `PROXY_API_KEY` and `PROXY_API_KEYS_FILE` is an error.
    static func readKeys(_ reader: inout EnvironmentReader, apiKey: String?) -> Keys {
        let path = reader.optionalString("PROXY_API_KEYS_FILE")
        let range = 0...KeyLimits.maximum
        let limits = KeyLimits(
            requestsPerMinute: reader.integer("PROXY_KEY_REQUESTS_PER_MINUTE", default: 0, range: range),
            tokensPerMinute: reader.integer("PROXY_KEY_TOKENS_PER_MINUTE", default: 0, range: range),
            maxConcurrent: reader.integer("PROXY_KEY_MAX_CONCURRENT", default: 0, range: range)
        )
        switch (apiKey, path) {
        case (let key?, nil):
            return Keys(source: .single(key), defaultLimits: limits)
        case (nil, let path?):
            return Keys(source: .file(path), defaultLimits: limits)
        case (nil, nil):
            return Keys(source: .none, defaultLimits: limits)
        case (_?, _?):
            reader.reject("PROXY_API_KEY and PROXY_API_KEYS_FILE are both set; use one (the file can hold any number of keys)")
            return Keys(source: .none, defaultLimits: limits)
        }
    }
}
