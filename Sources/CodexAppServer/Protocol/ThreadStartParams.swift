/// `thread/start` parameters as the proxy sends them: one ephemeral, locked-down thread per request.
public struct ThreadStartParams: Sendable, Hashable {
    public var model: String?
    public var cwd: String?
    public var approvalPolicy: String
    public var sandbox: String
    public var ephemeral: Bool
    public var baseInstructions: String?

    public init(
        model: String? = nil,
        cwd: String? = nil,
        approvalPolicy: String = "never",
        sandbox: String = "read-only",
        ephemeral: Bool = true,
        baseInstructions: String? = nil
    ) {
        self.model = model
        self.cwd = cwd
        self.approvalPolicy = approvalPolicy
        self.sandbox = sandbox
        self.ephemeral = ephemeral
        self.baseInstructions = baseInstructions
    }

    public var json: JSONValue {
        var object = JSONObject()
        if let model { object["model"] = .string(model) }
        if let cwd { object["cwd"] = .string(cwd) }
        object["approvalPolicy"] = .string(approvalPolicy)
        object["sandbox"] = .string(sandbox)
        object["ephemeral"] = .bool(ephemeral)
        if let baseInstructions { object["baseInstructions"] = .string(baseInstructions) }
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
