import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// Per-launch behaviour through the state directory, and the worker-side event log.
@Suite("Launches and state directory")
struct LaunchBehaviourTests {
    /// Starts the fake once with `behaviour` and the state directory, performs a handshake.
    func launchOnce(_ behaviour: String, state: String) async throws -> SessionOutcome<JSONValue?> {
        try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour, stateDirectory: state)) { session in
            try await session.request(0, "initialize", ["clientInfo": ["name": "probe", "version": "1"]])
            return await session.reply(to: 0, timeout: .seconds(5))
        }
    }

    @Test("the first three launches crash, the fourth is healthy")
    func firstThreeLaunchesCrash() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let behaviour = #"{"launches": [{"crash": {"onHandshake": true, "exitCode": 2}}, {"crash": {"onHandshake": true, "exitCode": 2}}, {"crash": {"onHandshake": true, "exitCode": 2}}]}"#
        var statuses: [TerminationStatus] = []
        for _ in 1...4 { statuses.append(try await launchOnce(behaviour, state: state.path).termination) }
        #expect(statuses == [.exited(2), .exited(2), .exited(2), .exited(0)])
        let reader = StateDirectoryReader(path: state.path)
        #expect(reader.launchCount == 4)
        #expect(reader.events("crash").compactMap { $0["launch"] } == [1, 2, 3])
        #expect(reader.events("exit").compactMap { $0["launch"] } == [4])
    }

    @Test("the first launch is slow, later launches use the base document")
    func firstLaunchSlowThenHealthy() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let behaviour = #"{"launches": [{"handshakeDelayMs": 2000}], "reply": "healthy"}"#
        var durations: [Duration] = []
        for _ in 1...2 {
            let start = ContinuousClock.now
            let outcome = try await launchOnce(behaviour, state: state.path)
            #expect(outcome.result?["result"]?["userAgent"] != nil)
            durations.append(ContinuousClock.now - start)
        }
        #expect(durations[0] >= .milliseconds(2000))
        // Relative to the first launch, so a loaded machine's slower process start cannot fail it.
        #expect(durations[1] < durations[0] - .milliseconds(1500), "\(durations)")
    }

    @Test("concurrent starts get distinct launch numbers and the pid file names the last one")
    func concurrentStartsCountCorrectly() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 1...6 {
                group.addTask {
                    try await AppServerSession.run(FakeCodex.launch(stateDirectory: state.path)) { session in session.processIdentifier }.result
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let reader = StateDirectoryReader(path: state.path)
        #expect(reader.launchCount == 6)
        #expect(Set(reader.events("start").compactMap { $0["launch"]?.integerValue }) == Set(1...6))
        #expect(pids.contains(reader.pid ?? -1))
    }

    @Test("the event log records each received message, and the exit")
    func eventLogRecordsReceivedMessages() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        _ = try await AppServerSession.run(FakeCodex.launch(stateDirectory: state.path)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            let turn = try await session.startTurn(id: 2, threadID: thread, text: "SLOW")
            try await session.request(3, "turn/interrupt", ["threadId": .string(thread), "turnId": .string(turn)])
            await session.waitFor("turn/completed")
        }
        let reader = StateDirectoryReader(path: state.path)
        let received = reader.events("received")
        #expect(received.contains { $0["method"] == "turn/interrupt" && $0["id"] == 3 && $0["kind"] == "request" })
        #expect(received.contains { $0["method"] == "initialized" && $0["kind"] == "notification" })
        #expect(received.allSatisfy { $0["pid"]?.integerValue != nil && $0["ts"]?.integerValue != nil })
        #expect(reader.events("exit").first?["code"] == 0)
    }
}
