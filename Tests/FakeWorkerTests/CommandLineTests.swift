import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// How `fake-codex` is started: flags, version, behaviour sources and their validation.
@Suite("fake-codex command line")
struct CommandLineTests {
    @Test("--version answers like the real binary, marked fake")
    func versionIsReported() async throws {
        let result = try await Subprocess.run(.path(.init(FakeCodex.path)), arguments: ["--version"], output: .string(limit: 4096))
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "codex-cli 0.163.0 (fake)")
    }

    @Test("unknown flags and -c overrides are accepted, and model settings are honoured")
    func extraArgumentsAreAccepted() async throws {
        let launch = FakeCodex.launch(arguments: ["--listen", "stdio://", "-c", "model=\"gpt-test\"", "--config", "model_provider=\"local\"", "--analytics-default-enabled"])
        let outcome = try await AppServerSession.run(launch) { session in
            try await session.handshake()
            try await session.request(1, "thread/start", [:])
            return await session.reply(to: 1)?["result"]
        }
        #expect(outcome.termination == .exited(0))
        #expect(outcome.result?["model"] == "gpt-test")
        #expect(outcome.result?["modelProvider"] == "local")
    }

    @Test("an invalid behaviour exits 64 and names the bad key", arguments: [
        (#"{"crash": {"afterDelta": 3}}"#, "crash.afterDelta"),
        (#"{"chunkSize": 0}"#, "chunkSize"),
        (#"{"crash": {"afterDeltas": 1, "signal": "SIGNOPE"}}"#, "crash.signal"),
        (#"{"launches": [{}, {"hang": {"afterTurns": "x"}}]}"#, "launches[1].hang.afterTurns"),
        (#"{"turnError": {"codexErrorInfo": 5}}"#, "turnError.codexErrorInfo"),
        (#"{"overload": {}}"#, "overload.everyNth"),
        (#"{"colour": "blue"}"#, "colour"),
        (#"{"models": [5]}"#, "models[0]"),
        ("not json", "FAKE_CODEX_BEHAVIOUR_JSON"),
    ])
    func invalidBehaviourIsRejected(_ document: String, _ key: String) async throws {
        let outcome = try await AppServerSession.run(FakeCodex.launch(behaviour: document)) { _ in }
        #expect(outcome.termination == .exited(64))
        #expect(outcome.standardError.contains(key), "stderr: \(outcome.standardError)")
        #expect(outcome.transcript.serverLines.isEmpty)
    }

    @Test("a behaviour file given with --behaviour or FAKE_CODEX_BEHAVIOUR is used")
    func behaviourFileIsRead() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = "\(directory.path)/behaviour.json"
        try #"{"reply": "from a file", "chunkSize": 100}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let launches = [FakeCodex.launch(arguments: ["--behaviour", file]), FakeCodex.launch(environment: ["FAKE_CODEX_BEHAVIOUR": file])]
        for launch in launches {
            let text = try await AppServerSession.run(launch) { session in
                try await session.handshake()
                let thread = try await session.startThread()
                _ = try await session.startTurn(id: 2, threadID: thread, text: "hi")
                await session.waitFor("turn/completed")
                return await session.all("item/completed").last?["params"]?["item"]?["text"]?.stringValue
            }.result
            #expect(text == "from a file")
        }
    }
}
