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
    /// Sent as a developer message right after codex's base instructions (the client's leading
    /// system/developer messages).
    public var developerInstructions: String?
    /// Set for a request with client functions: the `dynamicTools` entries (empty for
    /// `tool_choice: none`). Such a thread is always text-only, has web search, multi-agent and
    /// goals off, and sends raw events when it has functions, so the calls can be returned.
    public var dynamicTools: [JSONValue]?

    public init(
        model: String? = nil,
        cwd: String? = nil,
        approvalPolicy: String = "never",
        sandbox: String = "read-only",
        ephemeral: Bool = true,
        baseInstructions: String? = nil,
        hostAccess: HostAccess = .textOnly,
        developerInstructions: String? = nil,
        dynamicTools: [JSONValue]? = nil
    ) {
        self.model = model
        self.cwd = cwd
        self.approvalPolicy = approvalPolicy
        self.sandbox = sandbox
        self.ephemeral = ephemeral
        self.baseInstructions = baseInstructions
        self.hostAccess = hostAccess
        self.developerInstructions = developerInstructions
        self.dynamicTools = dynamicTools
    }

    /// The proxy's thread for one request: `model` in `cwd`, with the operator's host access, the
    /// client's leading system/developer messages and, for a request with tools, its functions.
    public init(model: String?, cwd: String?, hostAccess: HostAccess, developerInstructions: String? = nil, dynamicTools: [JSONValue]? = nil) {
        self.init(
            model: model, cwd: cwd, baseInstructions: nil, hostAccess: hostAccess, developerInstructions: developerInstructions, dynamicTools: dynamicTools
        )
    }

    public var json: JSONValue {
        var object = JSONObject()
        if let model { object["model"] = .string(model) }
        if let cwd { object["cwd"] = .string(cwd) }
        object["approvalPolicy"] = .string(approvalPolicy)
        object["sandbox"] = .string(sandbox)
        object["ephemeral"] = .bool(ephemeral)
        if let baseInstructions { object["baseInstructions"] = .string(baseInstructions) }
        if let developerInstructions { object["developerInstructions"] = .string(developerInstructions) }
        if let dynamicTools {
            // Client functions only: nothing that runs on the proxy's host, whatever the host access.
            object["environments"] = []
            if !dynamicTools.isEmpty {
                object["dynamicTools"] = .array(dynamicTools)
                object["experimentalRawEvents"] = true
            }
            var features: JSONObject = ["multi_agent": false, "goals": false]
            if !hostAccess.shellSnapshot { features["shell_snapshot"] = false }
            object["config"] = ["web_search": "disabled", "features": .object(features)]
            return .object(object)
        }
        if hostAccess.tools == .none { object["environments"] = [] }
        if !hostAccess.shellSnapshot { object["config"] = ["features": ["shell_snapshot": false]] }
        return .object(object)
    }
}

/// `turn/start` parameters: the turn's input items (`UserInput`; may be empty) and the optional
/// overrides the proxy maps from the client's request (each omitted when `nil`).
public struct TurnStartParams: Sendable, Hashable {
    public var threadID: String
    public var input: [JSONValue]
    /// Reasoning effort, sent upstream verbatim as `reasoning.effort` (codex refuses only `""`).
    public var effort: String?
    /// A JSON Schema for the final message, sent upstream as a strict `text.format`.
    public var outputSchema: JSONValue?
    /// Upstream `service_tier`.
    public var serviceTier: String?

    public init(threadID: String, input: [JSONValue], effort: String? = nil, outputSchema: JSONValue? = nil, serviceTier: String? = nil) {
        self.threadID = threadID
        self.input = input
        self.effort = effort
        self.outputSchema = outputSchema
        self.serviceTier = serviceTier
    }

    /// One text input.
    public init(threadID: String, text: String) {
        self.init(threadID: threadID, input: [["type": "text", "text": .string(text)]])
    }

    public var json: JSONValue {
        var object: JSONObject = ["threadId": .string(threadID), "input": .array(input)]
        if let effort { object["effort"] = .string(effort) }
        if let outputSchema { object["outputSchema"] = outputSchema }
        if let serviceTier { object["serviceTier"] = .string(serviceTier) }
        return .object(object)
    }
}

/// `thread/inject_items` parameters: raw Responses API items appended to the thread's history.
public struct ThreadInjectItemsParams: Sendable, Hashable {
    public var threadID: String
    public var items: [JSONValue]

    public init(threadID: String, items: [JSONValue]) {
        self.threadID = threadID
        self.items = items
    }

    public var json: JSONValue {
        ["threadId": .string(threadID), "items": .array(items)]
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
