/// `initialize` parameters: who the client is. `name` must be a valid HTTP header value.
public struct InitializeParams: Sendable, Hashable {
    public var clientName: String
    public var clientTitle: String?
    public var clientVersion: String
    /// `capabilities.experimentalApi`: lets `thread/start` use experimental fields such as
    /// `environments` (without it codex answers `-32600 thread/start.environments requires
    /// experimentalApi capability`). Plain turns are the same either way (checked on 0.163.0).
    public var experimentalApi: Bool

    public init(clientName: String, clientTitle: String? = nil, clientVersion: String, experimentalApi: Bool = false) {
        self.clientName = clientName
        self.clientTitle = clientTitle
        self.clientVersion = clientVersion
        self.experimentalApi = experimentalApi
    }

    public var json: JSONValue {
        [
            "clientInfo": ["name": .string(clientName), "title": clientTitle.map(JSONValue.string) ?? .null, "version": .string(clientVersion)],
            "capabilities": ["experimentalApi": .bool(experimentalApi), "optOutNotificationMethods": []],
        ]
    }
}

/// The `initialize` result. Only `userAgent` is guaranteed; newer servers add the rest.
public struct InitializeResult: Sendable, Hashable {
    public var userAgent: String
    public var codexHome: String?
    public var platformFamily: String?
    public var platformOs: String?

    public init(userAgent: String, codexHome: String? = nil, platformFamily: String? = nil, platformOs: String? = nil) {
        self.userAgent = userAgent
        self.codexHome = codexHome
        self.platformFamily = platformFamily
        self.platformOs = platformOs
    }

    public init?(json: JSONValue) {
        guard let userAgent = json["userAgent"]?.stringValue else { return nil }
        self.init(
            userAgent: userAgent,
            codexHome: json["codexHome"]?.stringValue,
            platformFamily: json["platformFamily"]?.stringValue,
            platformOs: json["platformOs"]?.stringValue
        )
    }

    /// The server's version, read from `"<client>/<version> (...)"`, e.g. `0.163.0`.
    public var serverVersion: String? {
        guard let slash = userAgent.firstIndex(of: "/") else { return nil }
        let rest = userAgent[userAgent.index(after: slash)...]
        let version = rest.prefix { $0 != " " }
        return version.isEmpty ? nil : String(version)
    }
}
