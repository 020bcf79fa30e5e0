import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// The proxy in front of the real codex 0.163.0, driven by the official OpenAI SDK.
///
/// Runs when `CODEX_REAL_BIN` is set (scripts/test.sh sets it inside a loopback-only network
/// namespace); the isolation check runs first and fails the test loudly outside such a namespace.
@Suite("Proxy over the real codex", .enabled(if: RealCodex.binaryPath != nil), .timeLimit(.minutes(3)))
struct RealCodexProxyTests {
    @Test("the OpenAI SDK gets completions, streaming and not, through the proxy from the real binary")
    func sdkOverRealCodex() async throws {
        try await RealCodexProxy.run("real-codex-proxy") { run in
            let proxy = run.proxy
            #expect(proxy.application.supervisor.snapshot.version == "0.163.0")
            let (passed, output) = try await OpenAISDKTests.runScript("openai_sdk_check.py", proxy)
            #expect(passed, "\(output)")
            let requests = proxy.logged("request_completed").filter { $0["route"] == "/v1/chat/completions" && $0["status"] == 200 }
            #expect(requests.count == 2)
            #expect(requests.allSatisfy { $0["tokens_prompt"] == 100 && $0["tokens_response"] == 7 }, "usage from the mock model: \(requests)")
        }
    }

    /// A wrapper that gives the real binary its own HOME and CODEX_HOME (nothing of the machine's).
    static func writeLauncher(for real: String, in folder: URL) throws -> String {
        for name in ["home", "codex-home", "work"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let script = """
            #!/bin/sh
            export HOME='\(folder.appendingPathComponent("home").path)'
            export CODEX_HOME='\(folder.appendingPathComponent("codex-home").path)'
            unset OPENAI_API_KEY CODEX_API_KEY HTTP_PROXY HTTPS_PROXY ALL_PROXY
            exec '\(real)' "$@"

            """
        let path = folder.appendingPathComponent("codex").path
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}
