import CodexAppServer
import Foundation

/// Runs a ``LiveScript`` against an app-server and records the transcript, the way
/// scripts/record-capture.py does for the real binary, so both tools produce comparable files.
public struct LiveScriptRunner: Sendable {
    /// The value of `{{cwd}}`.
    public var workDirectory: String
    /// Longest wait of one `W>` step; a wait that times out ends the script with an error.
    public var waitTimeout: Duration

    public init(workDirectory: String, waitTimeout: Duration = .seconds(20)) {
        self.workDirectory = workDirectory
        self.waitTimeout = waitTimeout
    }

    /// Runs `script`; the outcome's result is the step error, if a step failed.
    public func run(_ script: LiveScript, launch: AppServerLaunch) async throws -> SessionOutcome<LiveScriptError?> {
        let workDirectory = self.workDirectory
        let waitTimeout = self.waitTimeout
        return try await AppServerSession.run(launch) { session in
            var tracker = PlaceholderTracker(workDirectory: workDirectory)
            var previousStepStart = 0
            for step in script.steps {
                let stepStart = await session.receivedLines.count
                defer { previousStepStart = stepStart }
                switch step {
                case .send(let template):
                    tracker.update(with: await session.receivedLines)
                    let line: String
                    switch tracker.fill(template) {
                    case .success(let filled): line = filled
                    case .failure(let error): return error
                    }
                    tracker.noteSent(line)
                    try await session.send(line)
                case .waitForMethod(let method):
                    let since = previousStepStart
                    let seen = await session.waitUntil(timeout: waitTimeout) { lines in
                        lines.dropFirst(since).contains { ServerMessage(line: $0).method == method }
                    }
                    if !seen { return LiveScriptError(message: "timed out waiting for \(method)") }
                case .waitForResponse:
                    guard let id = tracker.lastRequestID else { return LiveScriptError(message: "W> response before any request") }
                    let seen = await session.waitUntil(timeout: waitTimeout) { lines in
                        lines.contains { line in
                            switch ServerMessage(line: line).kind {
                            case .response(let replyID), .error(.some(let replyID)): replyID == id
                            default: false
                            }
                        }
                    }
                    if !seen { return LiveScriptError(message: "timed out waiting for the response to id \(id.json)") }
                case .sleep(let milliseconds):
                    try await Task.sleep(for: .milliseconds(milliseconds))
                }
            }
            return nil
        }
    }
}
