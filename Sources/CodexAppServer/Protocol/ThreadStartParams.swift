/// `thread/start` parameters as the proxy sends them: one ephemeral, locked-down thread per request.
///
/// By default the thread is text-only (`environments: []`, which needs the `experimentalApi`
/// capability at `initialize`) and codex takes no shell snapshot for it
/// (`config: {"features": {"shell_snapshot": false}}`); ``HostAccess`` relaxes either.
public struct ThreadStartParams: Sendable, Hashable {
    public var model: String?
    public var cwd: String?
    public var approvalPolicy: String
    public var sandbox: String
    public var ephemeral: Bool
    public var baseInstructions: String?
    /// Host tools and shell snapshot; the default is ``HostAccess/textOnly``.
    public var hostAccess: HostAccess

    public init(
        model: String? = nil,
        cwd: String? = nil,
        approvalPolicy: String = "never",
        sandbox: String = "read-only",
        ephemeral: Bool = true,
        baseInstructions: String? = nil,
        hostAccess: HostAccess = .textOnly
    ) {
        self.model = model
        self.cwd = cwd
        self.approvalPolicy = approvalPolicy
        self.sandbox = sandbox
        self.ephemeral = ephemeral
        self.baseInstructions = baseInstructions
        self.hostAccess = hostAccess
    }

    /// The proxy's thread for one request: `model` in `cwd`, with the operator's host access.
    public init(model: String?, cwd: String?, hostAccess: HostAccess) {
        self.init(model: model, cwd: cwd, baseInstructions: nil, hostAccess: hostAccess)
    }

    public var json: JSONValue {
        var object = JSONObject()
        if let model { object["model"] = .string(model) }
        if let cwd { object["cwd"] = .string(cwd) }
        object["approvalPolicy"] = .string(approvalPolicy)
        object["sandbox"] = .string(sandbox)
        object["ephemeral"] = .bool(ephemeral)
        if let baseInstructions { object["baseInstructions"] = .string(baseInstructions) }
        if hostAccess.tools == .none { object["environments"] = [] }
        if !hostAccess.shellSnapshot { object["config"] = ["features": ["shell_snapshot": false]] }
        return .object(object)
    }
}

/// `turn/start` parameters with text input.
public struct TurnStartParams: Sendable, Hashable {
    public var threadID: String
    public var text: String

    public init(threadID: String, text: String) {
        self.threadID = threadID
        self.text = text
    }

    public var json: JSONValue {
        ["threadId": .string(threadID), "input": [["type": "text", "text": .string(text)]]]
    }
}

/// `turn/interrupt` parameters.
public struct TurnInterruptParams: Sendable, Hashable {
    public var threadID: String
    public var turnID: String

    public init(threadID: String, turnID: String) {
        self.threadID = threadID
        self.turnID = turnID
    }

    public var json: JSONValue {
        ["threadId": .string(threadID), "turnId": .string(turnID)]
    }
}
