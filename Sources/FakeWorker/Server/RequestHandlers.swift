import CodexAppServer
import Foundation

/// The requests the fake serves, once their params deserialized.
struct RequestHandlers {
    let context: ServerContext

    func initialize(_ request: RPCRequest) async {
        if let crash = context.behaviour.crash, crash.trigger == .onHandshake {
            await context.output.leaveTruncatedLineIfScripted()
            ProcessTermination.crash(crash, reason: "onHandshake", events: context.events)
        }
        if context.behaviour.hang == .onHandshake {
            await context.output.mute(reason: "onHandshake")
            return
        }
        if context.behaviour.closeStdout == .onHandshake {
            await context.output.closeStandardOutput(reason: "onHandshake")
            return
        }
        let params: JSONValue
        switch ParamsDecoding.validate(request, ParamsSchemas.initialize) {
        case .failure(let error): return await context.reject(request.id, error.message)
        case .success(let value): params = value
        }
        guard await !context.state.isInitialized else { return await context.reject(request.id, "Already initialized") }
        let name = params["clientInfo"]?["name"]?.stringValue ?? ""
        let version = params["clientInfo"]?["version"]?.stringValue ?? ""
        guard name.utf8.allSatisfy({ ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }) else {
            return await context.reject(request.id, "Invalid clientInfo.name: '\(name)'. Must be a valid HTTP header value.")
        }
        if context.behaviour.handshakeDelayMs > 0 {
            try? await Task.sleep(for: .milliseconds(context.behaviour.handshakeDelayMs))
        }
        let experimentalApi = params["capabilities"]?["experimentalApi"]?.boolValue ?? false
        await context.state.markInitialized(clientName: name, experimentalApi: experimentalApi)
        let result: JSONValue = [
            "userAgent": .string(context.settings.platform.userAgent(clientName: name, clientVersion: version)),
            "codexHome": .string(context.settings.codexHome),
            "platformFamily": "unix",
            "platformOs": "linux",
        ]
        await context.output.respond(request.id, result)
        for garbage in context.behaviour.garbageLines {
            await context.output.writeRaw(garbage)
        }
        context.events.record("initialized", ["client": .string(name)])
    }

    func threadStart(_ id: RequestID, _ params: JSONValue) async {
        if let field = ExperimentalFields.firstUsed(inThreadStart: params), await !context.state.experimentalApi {
            return await context.reject(id, ExperimentalFields.refusal(field))
        }
        let settings = await resolveSettings(params)
        await context.state.addThread(settings)
        await context.output.respond(id, ThreadWire.startResult(settings))
        await context.output.notify(NotificationWire.threadStarted(ThreadWire.thread(settings)))
    }

    func threadUnsubscribe(_ id: RequestID, _ params: JSONValue) async {
        guard let threadID = await parseThreadID(id, params) else { return }
        let status = await context.state.unsubscribe(threadID)
        await context.output.respond(id, ["status": .string(status)])
    }

    func turnStart(_ id: RequestID, _ params: JSONValue, turns: inout DiscardingTaskGroup) async {
        guard let threadID = await parseThreadID(id, params) else { return }
        guard let thread = await context.state.thread(threadID) else {
            return await context.reject(id, "thread not found: \(threadID)")
        }
        if let refusal = TurnStartChecks.refusal(params) { return await context.reject(id, refusal) }
        let input = params["input"]?.arrayValue ?? []
        var settings = thread.settings
        if let policy = params.nonNull("approvalPolicy") { settings.approvalPolicy = policy }
        await applyTurnOverrides(params, to: &settings)
        let decision = await context.state.startTurn(threadID: threadID, newTurnID: UUIDv7.make())
        switch decision {
        case .steer(let turnID):
            await context.output.respond(id, ["turn": TurnWire.inProgress(id: turnID, startedAt: nil)])
            let runner = TurnRunner(context: context, threadID: threadID, turnID: turnID, input: input, settings: settings, history: thread.history)
            await runner.echoUserMessage()
        case .run(let turnID, let control):
            let runner = TurnRunner(context: context, threadID: threadID, turnID: turnID, input: input, settings: settings, history: thread.history)
            let delay = context.behaviour.turnStartDelayMs
            guard delay > 0 else {
                await context.output.respond(id, ["turn": TurnWire.inProgress(id: turnID, startedAt: nil)])
                turns.addTask { await runner.run(control: control) }
                return
            }
            // A slow answer must not hold up the other requests, so it waits in the turn's task.
            turns.addTask { [context] in
                try? await Task.sleep(for: .milliseconds(delay))
                await context.output.respond(id, ["turn": TurnWire.inProgress(id: turnID, startedAt: nil)])
                await runner.run(control: control)
            }
        }
    }

    func turnInterrupt(_ id: RequestID, _ params: JSONValue) async {
        guard let threadID = await parseThreadID(id, params) else { return }
        guard await context.state.thread(threadID) != nil else {
            return await context.reject(id, "thread not found: \(threadID)")
        }
        let turnID = params["turnId"]?.stringValue ?? ""
        switch await context.state.interrupt(threadID: threadID, turnID: turnID, requestID: id) {
        case .noActiveTurn:
            await context.reject(id, "no active turn to interrupt")
        case .mismatch(let activeTurnID):
            await context.reject(id, "expected active turn id \(turnID) but found \(activeTurnID)")
        case .queued:
            break
        }
    }

    /// `effort`, `serviceTier` and `summary` stick to the thread; a change is announced with
    /// `thread/settings/updated` before the turn starts, as codex 0.163.0 does (an unchanged value
    /// sends nothing; `serviceTier: null` after a tier was chosen resets it to `default`).
    private func applyTurnOverrides(_ params: JSONValue, to settings: inout ThreadSettings) async {
        let before = (settings.effort, settings.serviceTier, settings.summary)
        if let effort = params["effort"]?.stringValue { settings.effort = effort }
        if let tier = params["serviceTier"]?.stringValue {
            settings.serviceTier = tier
        } else if params["serviceTier"]?.isNull == true, settings.serviceTier != nil {
            settings.serviceTier = "default"  // an explicit null clears a chosen tier
        }
        if let summary = params["summary"]?.stringValue { settings.summary = summary }
        guard before != (settings.effort, settings.serviceTier, settings.summary) else { return }
        await context.state.updateOverrides(settings)
        await context.output.notify(NotificationWire.threadSettingsUpdated(settings))
    }

    /// The canonical thread id, or `nil` after answering "invalid thread id: …".
    func parseThreadID(_ id: RequestID, _ params: JSONValue) async -> String? {
        switch ThreadIDParser.parse(params["threadId"]?.stringValue ?? "") {
        case .success(let threadID): return threadID
        case .failure(let error):
            await context.reject(id, "invalid thread id: \(error.message)")
            return nil
        }
    }

    private func resolveSettings(_ params: JSONValue) async -> ThreadSettings {
        let id = UUIDv7.make()
        let base = URL(fileURLWithPath: context.settings.workingDirectory)
        let cwd = params["cwd"]?.stringValue.map { URL(fileURLWithPath: $0, relativeTo: base).standardizedFileURL.path } ?? context.settings.workingDirectory
        let ephemeral = params["ephemeral"]?.boolValue ?? false
        let now = Date()
        let sandbox = params["sandbox"]?.stringValue
        return ThreadSettings(
            id: id,
            model: params["model"]?.stringValue ?? context.settings.model,
            modelProvider: params["modelProvider"]?.stringValue ?? context.settings.modelProvider,
            cwd: cwd,
            approvalPolicy: params.nonNull("approvalPolicy") ?? "on-request",
            sandboxMode: sandbox ?? "read-only",
            sandboxExplicit: sandbox != nil,
            ephemeral: ephemeral,
            hostEnvironment: params["environments"]?.arrayValue?.isEmpty != true,
            createdAt: Int64(now.timeIntervalSince1970),
            path: ephemeral ? nil : RolloutPath.make(codexHome: context.settings.codexHome, threadID: id, at: now),
            originator: await context.state.clientName ?? "",
            clientFunctions: (params["dynamicTools"]?.arrayValue ?? []).compactMap { tool in
                guard tool["type"]?.stringValue == "function", let name = tool["name"]?.stringValue else { return nil }
                return ReservedToolNames.onTextOnlyThreads.contains(name) ? nil : name
            },
            rawEvents: params["experimentalRawEvents"]?.boolValue ?? false
        )
    }
}

extension JSONValue {
    /// The member `key` unless it is absent or `null`.
    fileprivate func nonNull(_ key: String) -> JSONValue? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }
}
