import OrderedJSON
import Redaction

/// The inputs the benchmarks redact: a typical proxy log line, a typical JSON-RPC frame, and
/// variants that contain secrets.
enum Workloads {
    /// A 200-byte structured log line of the kind the proxy writes for every request.
    static let logLine = padded(
        #"{"timestamp":"2025-06-01T12:34:56.789Z","level":"info","request_id":"req_8f3a9c2b1d4e","component":"http","event":"request_finished","route":"/v1/chat/completions","model":"gpt-5.1-codex","latency_ms":412}"#,
        to: 200
    )

    /// A 200-byte log line with an email address, an API key and a card number in it.
    static let logLineWithSecrets = padded(
        #"{"level":"warn","event":"upstream_error","user":"bob@example.com","key":"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t","card":"4111 1111 1111 1111","msg":"retrying"}"#,
        to: 200
    )

    /// A 4 KiB JSON-RPC notification from the worker: an agent message with prose, code, numbers
    /// and URLs, and no secrets (the common case).
    static let frame = frame(text: prose)

    /// The same frame with a few secrets in the message text.
    static let frameWithSecrets = frame(
        text: "Use the key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t and mail ops@example.com; card 4111111111111111. " + prose
    )

    /// ``frame`` parsed, for `redact(_: JSONValue)`.
    static let frameJSON: JSONValue = try! JSONParser().parse(frame)

    /// The default rules plus `extra` synthetic rules, each with its own literal prefix (the cheap
    /// kind for PCRE2's JIT), to see how cost grows with the number of rules.
    static func rules(count: Int) -> [RedactionRule] {
        let defaults = RedactionRule.defaults
        if count <= defaults.count { return Array(defaults.prefix(count)) }
        return defaults + (0..<(count - defaults.count)).map { index in
            RedactionRule(name: "synthetic_\(index)", pattern: "tk\(index)_[A-Za-z0-9]{16,}")
        }
    }

    private static let prose = """
        Here is the change you asked for. The proxy now retries the worker handshake with a backoff \
        of 250 ms doubling to 5 s, and the readiness probe at /readyz only reports ready after the \
        initialize round trip completes. See https://example.com/docs/runbook#worker for details.\\n\\n\
        ```swift\\nlet policy = BackoffPolicy(initial: .milliseconds(250), maximum: .seconds(5))\\n\
        for attempt in 1...3 { try await supervisor.start(attempt: attempt) }\\n```\\n\
        Version 0.163.0 of gpt-5.1-codex handled 1,204 prompt tokens and 345 completion tokens in \
        2.4 seconds (p95 410 ms). Thread 0199a7e2-6b1c-7d3e-9f10-2a3b4c5d6e7f finished at \
        2025-06-01T12:34:56.789Z with 3 restarts; commit 9fceb02d0ae598e95dc970b74767f19372d61af8. 
        """

    private static func frame(text: String) -> String {
        let head = #"{"method":"item/completed","params":{"threadId":"0199a7e2-6b1c-7d3e-9f10-2a3b4c5d6e7f","turnId":"0199a7e2-6b1c-7d3e-9f10-2a3b4c5d6e80","item":{"type":"agentMessage","id":"msg_01","text":""#
        let tail = #""}},"emittedAtMs":1795988647702}"#
        var body = text
        while head.utf8.count + body.utf8.count + tail.utf8.count < 4096 { body += text }
        let room = 4096 - head.utf8.count - tail.utf8.count
        // Cut on an ASCII boundary (the prose is ASCII) and not after a lone backslash.
        var cut = String(decoding: body.utf8.prefix(room), as: UTF8.self)
        while cut.hasSuffix("\\") { cut.removeLast(); cut += " " }
        return head + cut + tail
    }

    private static func padded(_ text: String, to size: Int) -> String {
        guard text.utf8.count < size else { return text }
        return text + String(repeating: " ", count: size - text.utf8.count)
    }
}
