import CodexAppServer

extension RequestHandlers {
    /// `thread/inject_items` as codex 0.163.0 answers it: the thread must be loaded, `items` not
    /// empty, every known item well-formed (else -32600 `items[i] is not a valid response item: …`
    /// and nothing is kept); role `system` messages, unknown types and a `function_call_output`
    /// whose `function_call` is not in the thread's history are dropped without a word. Answers `{}`.
    func threadInjectItems(_ id: RequestID, _ params: JSONValue) async {
        guard let threadID = await parseThreadID(id, params) else { return }
        guard let thread = await context.state.thread(threadID) else {
            return await context.reject(id, "thread not found: \(threadID)")
        }
        let items = params["items"]?.arrayValue ?? []
        guard !items.isEmpty else { return await context.reject(id, "items must not be empty") }
        var verdicts: [ResponseItemSchema.Verdict] = []
        for (index, item) in items.enumerated() {
            do throws(SerdeError) {
                verdicts.append(try ResponseItemSchema.check(item))
            } catch {
                return await context.reject(id, "items[\(index)] is not a valid response item: \(error.message)")
            }
        }
        var callIDs = Set(thread.history.compactMap { $0["type"]?.stringValue == "function_call" ? $0["call_id"]?.stringValue : nil })
        var kept: [JSONValue] = []
        var dropped: [JSONValue] = []
        for (index, (item, verdict)) in zip(items, verdicts).enumerated() {
            let type = item["type"]?.stringValue
            let callID = item["call_id"]?.stringValue ?? ""
            switch verdict {
            case .drop(let reason):
                dropped.append(["index": .integer(Int64(index)), "reason": .string(reason)])
            case .keep where type == "function_call_output" && !callIDs.contains(callID):
                dropped.append(["index": .integer(Int64(index)), "reason": "orphan function_call_output"])
            case .keep:
                if type == "function_call" { callIDs.insert(callID) }
                kept.append(item)
            }
        }
        await context.state.appendHistory(threadID: threadID, kept)
        context.events.record("injected", ["threadId": .string(threadID), "kept": .array(kept), "dropped": .array(dropped)])
        await context.output.respond(id, [:])
    }
}
