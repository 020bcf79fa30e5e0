import CodexAppServer

/// Puts a transcript's server messages in the form both sides are compared in: optional
/// notifications and raw context echoes removed, and each floating response (the `turn/start` response) moved in front
/// of the `thread/status/changed` / `turn/started` notifications directly before it.
///
/// Applied to both transcripts, this makes "response first" and "notifications first" compare
/// equal without letting the response move anywhere else.
public enum MessageCanonicalizer {
    public static func canonicalMessages(_ transcript: Transcript, rules: ConformanceRules) -> [ServerMessage] {
        var methodsByID: [RequestID: String] = [:]
        var result: [ServerMessage] = []
        for entry in transcript.entries {
            switch entry {
            case .client(let line):
                if let value = try? JSONParser().parse(line), case .request(let request)? = try? RPCMessage(json: value) {
                    methodsByID[request.id] = request.method
                }
            case .server(let line):
                let message = ServerMessage(line: line)
                if let method = message.method, case .notification = message.kind, rules.optionalMethods.contains(method) {
                    continue
                }
                if rules.isRawContextEcho(message) { continue }
                var index = result.count
                if case .response(let id) = message.kind, let method = methodsByID[id], rules.floatingResponseMethods.contains(method) {
                    while index > 0, case .notification(let previous) = result[index - 1].kind, rules.floatingAcross.contains(previous) {
                        index -= 1
                    }
                }
                if case .notification(let method) = message.kind, let across = rules.floatingNotifications[method] {
                    while index > 0, let previous = result[index - 1].method, across.contains(previous) {
                        index -= 1
                    }
                }
                result.insert(message, at: index)
            case .exit:
                continue
            }
        }
        return result
    }
}
