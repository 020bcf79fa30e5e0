import Foundation

/// A client script in the format of Tests/Fixtures/live-scripts (shared with
/// scripts/record-capture.py): one step per line, `#` comments and blank lines ignored.
///
/// - `C> <text>` sends a line after filling in `{{thread}}` (thread id of the latest
///   thread/start result), `{{turn}}` (turn id of the latest turn/start result), `{{request}}`
///   (JSON id of the latest server→client request) and `{{cwd}}` (the work directory).
/// - `W> <method>` waits for a message with that method received since the step began.
/// - `W> response` waits for the reply to the last request sent.
/// - `SLEEP <ms>` pauses.
public struct LiveScript: Sendable {
    /// One script step.
    public enum Step: Sendable, Hashable {
        case send(String)
        case waitForMethod(String)
        case waitForResponse
        case sleep(milliseconds: Int)
    }

    public var steps: [Step]

    public init(steps: [Step]) {
        self.steps = steps
    }

    public init(text: String) throws(LiveScriptError) {
        var steps: [Step] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if raw.hasPrefix("C> ") {
                steps.append(.send(String(raw.dropFirst(3))))
            } else if line.hasPrefix("W> ") {
                let what = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                steps.append(what == "response" ? .waitForResponse : .waitForMethod(what))
            } else if line.hasPrefix("SLEEP "), let milliseconds = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) {
                steps.append(.sleep(milliseconds: milliseconds))
            } else {
                throw LiveScriptError(message: "script line \(number + 1) is not a step: \(line)")
            }
        }
        self.steps = steps
    }

    public init(contentsOf url: URL) throws {
        try self.init(text: String(contentsOf: url, encoding: .utf8))
    }
}
