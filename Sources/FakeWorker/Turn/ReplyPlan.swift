/// What the "model" does in a turn, chosen from the input text with the same triggers as the
/// mock Responses API (Tests/RealCodex/mock_responses_api.py), in the same precedence:
/// `FAIL400` > `CALLFN2:`/`CALLFN:` > `CALLTOOL`/`ASKAPPROVAL` > `SLOW` > `REPLY:<text>` > the
/// behaviour's reply > "Hello world".
struct ReplyPlan: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Stream `deltas` as one agent message.
        case message
        /// Fail like an upstream HTTP 400.
        case upstreamFailure
        /// Run the mock's shell command first, asking for approval when `askApproval`, then
        /// stream the message.
        case tool(askApproval: Bool)
        /// Call these client functions (one model response), then stream the message once the
        /// calls are answered.
        case functions([String])
    }

    var kind: Kind
    var deltas: [String]
    var firstDelayMs: Int
    var betweenDelayMs: Int

    /// The body of the mock's HTTP 400, which codex reports as the turn error.
    static let upstream400Message = #"{"error": {"message": "mock bad request", "type": "invalid_request_error", "code": "bad"}}"#
    static let defaultDeltas = ["Hel", "lo ", "world"]

    /// `clientFunctions` are the thread's `dynamicTools`; `callsAnswered` says that the history
    /// already holds function call outputs after the last user message (the model then answers).
    static func choose(
        text: String, behaviour: Behaviour, approvalPolicy: String?, clientFunctions: [String] = [], callsAnswered: Bool = false
    ) -> ReplyPlan {
        let message = messagePlan(text: text, behaviour: behaviour)
        if text.contains("FAIL400") {
            return ReplyPlan(kind: .upstreamFailure, deltas: [], firstDelayMs: 0, betweenDelayMs: 0)
        }
        var plan = message
        if !callsAnswered, let names = functionNames(in: text), !names.isEmpty, names.allSatisfy(clientFunctions.contains) {
            plan.kind = .functions(names)
            plan.deltas = replyDeltas(behaviour: behaviour)
        } else if text.contains("ASKAPPROVAL") || behaviour.approval {
            plan.kind = .tool(askApproval: true)
            plan.deltas = replyDeltas(behaviour: behaviour)
        } else if text.contains("CALLTOOL") {
            plan.kind = .tool(askApproval: approvalPolicy == "untrusted")
            plan.deltas = replyDeltas(behaviour: behaviour)
        }
        return plan
    }

    /// The functions `CALLFN:<name>` or `CALLFN2:<a>,<b>` asks for, as the mock model reads them.
    private static func functionNames(in text: String) -> [String]? {
        for (trigger, count) in [("CALLFN2:", 2), ("CALLFN:", 1)] {
            guard let range = text.range(of: trigger) else { continue }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-,")
            let list = text[range.upperBound...].prefix { allowed.contains($0) }
            return Array(list.split(separator: ",").prefix(count).map(String.init))
        }
        return nil
    }

    /// The message of a plain turn: `SLOW`, `REPLY:`, the behaviour's reply, or "Hello world".
    private static func messagePlan(text: String, behaviour: Behaviour) -> ReplyPlan {
        if text.contains("SLOW") {
            return ReplyPlan(kind: .message, deltas: (1...30).map { "tick\($0) " }, firstDelayMs: 500, betweenDelayMs: 1000)
        }
        var deltas = replyDeltas(behaviour: behaviour)
        if let range = text.range(of: "REPLY:") {
            let reply = text[range.upperBound...].prefix { $0 != "\n" && $0 != "\r\n" }
            deltas = DeltaChunker.chunks(String(reply), size: behaviour.chunkSize)
        }
        return ReplyPlan(kind: .message, deltas: deltas, firstDelayMs: behaviour.firstTokenDelayMs, betweenDelayMs: behaviour.deltaDelayMs)
    }

    /// The reply after a tool call or without a trigger: the behaviour's text, else "Hello world".
    private static func replyDeltas(behaviour: Behaviour) -> [String] {
        guard let reply = behaviour.reply else { return defaultDeltas }
        return DeltaChunker.chunks(reply, size: behaviour.chunkSize)
    }
}
