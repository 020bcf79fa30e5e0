import CodexAppServer

/// Reads each stdin line, classifies it, and routes it: requests to their handler, replies to
/// the turn waiting for them. Lines that are not app-server frames are dropped with a note on
/// stderr, never answered.
struct RequestDispatcher {
    let context: ServerContext

    func handle(_ line: LineFramer.Line, turns: inout DiscardingTaskGroup) async {
        guard case .complete(let bytes) = line else {
            StandardError.log("dropping an oversized input line", level: "WARN")
            return
        }
        let message: RPCMessage
        do {
            message = try RPCMessage(line: bytes)
        } catch {
            StandardError.log("dropping input line: \(error)", level: "WARN")
            context.events.record("dropped", ["reason": .string("\(error)")])
            return
        }
        record(message)
        if await context.output.isHung { return }
        switch message {
        case .request(let request):
            await handleRequest(request, turns: &turns)
        case .notification(let notification):
            if notification.method != AppServerMethod.initialized {
                StandardError.log("ignoring client notification \(notification.method)")
            }
        case .response(let response):
            await context.state.resolveServerRequest(response.id, .result(response.result))
        case .error(let response):
            guard let id = response.id else { return }
            await context.state.resolveServerRequest(id, .error(response.error))
        }
    }

    private func record(_ message: RPCMessage) {
        var fields: JSONObject = [:]
        switch message {
        case .request(let request):
            fields = ["kind": "request", "method": .string(request.method), "id": request.id.json, "params": request.params ?? .null]
        case .notification(let notification):
            fields = ["kind": "notification", "method": .string(notification.method)]
        case .response(let response):
            fields = ["kind": "response", "id": response.id.json, "result": response.result]
        case .error(let response):
            fields = ["kind": "error", "id": response.id?.json ?? .null]
        }
        context.events.record("received", fields)
    }

    private func handleRequest(_ request: RPCRequest, turns: inout DiscardingTaskGroup) async {
        guard KnownMethods.all.contains(request.method) else {
            await context.reject(request.id, KnownMethods.unknownVariantMessage(request.method))
            return
        }
        if request.method == AppServerMethod.turnStart, let nth = context.behaviour.overloadEveryNth,
            await context.state.countTurnStart() % nth == 0
        {
            context.events.record("overload", ["id": request.id.json])
            await context.output.fail(request.id, RPCErrorObject(code: RPCErrorObject.serverOverloadedCode, message: "Server overloaded; retry later."))
            return
        }
        let handlers = RequestHandlers(context: context)
        switch request.method {
        case AppServerMethod.initialize:
            await handlers.initialize(request)
        case AppServerMethod.threadStart:
            guard let params = await validated(request, ParamsSchemas.threadStart) else { return }
            await handlers.threadStart(request.id, params)
        case AppServerMethod.threadUnsubscribe:
            guard let params = await validated(request, ParamsSchemas.threadUnsubscribe) else { return }
            await handlers.threadUnsubscribe(request.id, params)
        case AppServerMethod.threadInjectItems:
            guard let params = await validated(request, ParamsSchemas.threadInjectItems) else { return }
            await handlers.threadInjectItems(request.id, params)
        case AppServerMethod.modelList:
            guard let params = await validated(request, ParamsSchemas.modelList) else { return }
            await handlers.modelList(request.id, params)
        case AppServerMethod.turnStart:
            guard let params = await validated(request, ParamsSchemas.turnStart) else { return }
            await handlers.turnStart(request.id, params, turns: &turns)
        case AppServerMethod.turnInterrupt:
            guard let params = await validated(request, ParamsSchemas.turnInterrupt) else { return }
            await handlers.turnInterrupt(request.id, params)
        default:
            guard await context.state.isInitialized else { return await context.reject(request.id, "Not initialized") }
            await context.output.fail(
                request.id,
                RPCErrorObject(code: -32601, message: "fake-codex does not implement `\(request.method)`")
            )
        }
    }

    /// The params when they deserialize and the client is initialized; otherwise the error is sent.
    private func validated(_ request: RPCRequest, _ schema: SerdeStruct) async -> JSONValue? {
        switch ParamsDecoding.validate(request, schema) {
        case .failure(let error):
            await context.reject(request.id, error.message)
            return nil
        case .success(let value):
            guard await context.state.isInitialized else {
                await context.reject(request.id, "Not initialized")
                return nil
            }
            return value
        }
    }
}
