import CodexAppServer
import ConformanceKit
import Foundation
import OrderedJSON
import Testing
import TestSupport

/// The real codex 0.163.0 drops client functions named like its own tools on a text-only thread,
/// without a word: every entry of ``ReservedToolNames/onTextOnlyThreads`` is shown to be dropped
/// (or replaced by codex's own tool) in the request the model receives, and a plain name is not.
@Suite("Reserved tool names on the real codex", .enabled(if: RealCodex.binaryPath != nil), .timeLimit(.minutes(2)))
struct ReservedToolNamesRealCodexTests {
    @Test("each reserved name never reaches the model as the client's function; a plain name does")
    func reservedNamesAreDropped() async throws {
        let real = try #require(RealCodex.binaryPath)
        if let violation = NetworkIsolation.violation() {
            Issue.record(Comment(rawValue: violation))
            return
        }
        let names = ReservedToolNames.onTextOnlyThreads.sorted() + ["plain_fn"]
        let tools: [JSONValue] = names.map { ["type": "function", "name": .string($0), "description": .string("client \($0)"), "inputSchema": ["type": "object", "properties": [:]]] }
        let threadStart: JSONValue = [
            "id": 1, "method": "thread/start",
            "params": [
                "cwd": "{{cwd}}", "approvalPolicy": "never", "sandbox": "read-only", "ephemeral": true, "environments": [], "dynamicTools": .array(tools),
            ],
        ]
        let script = try LiveScript(text: """
            C> {"id": 0, "method": "initialize", "params": {"clientInfo": {"name": "probe", "version": "0.0.1"}, "capabilities": {"experimentalApi": true}}}
            W> response
            C> {"method": "initialized"}
            C> \(threadStart.jsonString)
            W> response
            C> {"id": 2, "method": "turn/start", "params": {"threadId": "{{thread}}", "input": [{"type": "text", "text": "hi", "text_elements": []}]}}
            W> turn/completed
            """)
        let root = try TemporaryDirectory("reserved-names")
        defer { root.remove() }
        let dirs = ["home", "userhome", "work", "dump"].map { "\(root.path)/\($0)" }
        for dir in dirs { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let outcome = try await MockResponsesServer.withServer(dumpDirectory: dirs[3]) { port in
            let arguments = ["app-server"] + RealCodex.mockSettings(port: port).flatMap { ["-c", $0] }
            let environment = ["HOME": dirs[1], "CODEX_HOME": dirs[0], "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
            let launch = AppServerLaunch(executable: real, arguments: arguments, environment: environment, inheritEnvironment: false, workingDirectory: dirs[2])
            return try await LiveScriptRunner(workDirectory: dirs[2]).run(script, launch: launch)
        }
        #expect(outcome.result == nil, "the real binary did not follow the script: \(outcome.transcript.text)")
        let dumped = try FileManager.default.contentsOfDirectory(atPath: dirs[3]).filter { $0.hasSuffix(".json") }.sorted()
        let request = try JSONParser().parse(try Data(contentsOf: URL(fileURLWithPath: "\(dirs[3])/\(try #require(dumped.first))")))
        let offered = (request["body"]?["tools"]?.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "", $0["description"]?.stringValue ?? "") }
        for name in ReservedToolNames.onTextOnlyThreads {
            #expect(!offered.contains { $0.0 == name && $0.1 == "client \(name)" }, "\(name) reached the model as the client's function: \(offered)")
        }
        #expect(offered.contains { $0.0 == "plain_fn" && $0.1 == "client plain_fn" }, "the plain name is offered: \(offered)")
    }
}
