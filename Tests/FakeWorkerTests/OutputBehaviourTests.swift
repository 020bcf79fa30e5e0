import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Scripted noise on stdout and stderr.
@Suite("Scripted output noise")
struct OutputBehaviourTests {
    @Test("garbageLines are written verbatim right after the initialize response")
    func garbageFollowsInitialize() async throws {
        let behaviour = #"{"garbageLines": ["not json", "{\"truncated\":"]}"#
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            _ = try await session.startThread(id: 1)
        }
        let lines = outcome.transcript.serverLines
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(#"{"id":0,"result":{"userAgent""#))
        #expect(lines[1] == "not json")
        #expect(lines[2] == #"{"truncated":"#)
        #expect(lines[3].hasPrefix(#"{"id":1,"result""#))
    }

    @Test("truncatedFinalLine leaves a partial line when exiting at end of input")
    func cleanExitLeavesTruncatedLine() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"truncatedFinalLine": true}"#)) { session in
            try await session.handshake()
        }
        #expect(outcome.termination == .exited(0))
        #expect(outcome.transcript.serverLines.last == OutputLines.truncated)
    }

    @Test("stderrNoise writes the lines to stderr only; stdout stays protocol")
    func stderrNoiseStaysOnStderr() async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: #"{"stderrNoise": {"lines": 50, "everyMs": 1}}"#)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
            await session.waitFor("turn/completed")
            try await Task.sleep(for: .milliseconds(300))
        }
        let noise = outcome.standardError.split(separator: "\n").filter { $0.contains("scripted stderr noise line") }
        #expect(noise.count == 50)
        #expect(outcome.transcript.serverLines.allSatisfy { (try? JSONParser().parse($0)) != nil })
    }
}
