import Foundation
import OrderedJSON
import Testing

/// Secrets sent in chat messages, in headers and in the worker's output never reach a log line
/// or a trace file: every byte written is scanned.
@Suite("Nothing secret is written down", .timeLimit(.minutes(2)))
struct SecretHygieneTests {
    static let secrets = [
        "sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12",
        "AKIAIOSFODNN7EXAMPLE",
        "ghp_1234567890abcdefghijABCDEFGHIJ123456",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "alice.secret@example.com",
        "4111 1111 1111 1111",
        "hunter2hunter2",
    ]

    static var prompt: String {
        "REPLY:echo \(secrets[0]) and \(secrets[1]) token \(secrets[2]) jwt \(secrets[3]) mail \(secrets[4]) card \(secrets[5]) password=\(secrets[6])"
    }

    @Test("secrets in messages, headers and worker output appear in no log line and no trace file")
    func scanEverything() async throws {
        let environment = ["PROXY_TRACE_BUFFER": "true", "LOG_LEVEL": "debug"]
        try await withTraceDirectory { directory in
            try await ProxyHarness.run(environment: environment.merging(["PROXY_TRACE_DIR": directory.path]) { $1 }) { proxy in
                let headers = [("User-Agent", "agent \(Self.secrets[0])"), ("X-Api-Key", Self.secrets[1]), ("Cookie", "session=\(Self.secrets[6])")]
                let json = try await proxy.chat(ProxyHarness.chatBody(Self.prompt), headers: headers + [("X-Request-Id", "secret-scan-1")])
                #expect(json.status == 200)
                #expect(try json.json["choices"]?[0]?["message"]?["content"]?.stringValue?.contains(Self.secrets[0]) == true, "the client still gets its own text")
                let stream = try await proxy.chat(ProxyHarness.chatBody(Self.prompt, stream: true), headers: headers + [("X-Request-Id", "secret-scan-2")])
                #expect(stream.events.last == .done)
                let failing = try await proxy.chat(ProxyHarness.chatBody("FAIL400 \(Self.secrets[4])"), headers: [("X-Request-Id", "secret-scan-3")])
                #expect(failing.status == 502)

                try await proxy.waitUntil("three trace files", timeout: .seconds(20)) { try Self.traceFiles(in: directory).count == 3 }
                var written = proxy.logs.rawText
                for file in try Self.traceFiles(in: directory) {
                    written += try String(contentsOf: file, encoding: .utf8)
                }
                for secret in Self.secrets {
                    #expect(!written.contains(secret), "\(secret) was written down")
                }
                #expect(!written.contains(ProxyHarness.apiKey), "the API key was written down")
                #expect(written.contains("[REDACTED:"), "redaction happened")

                let names = try Self.traceFiles(in: directory).map(\.lastPathComponent)
                for requestID in ["secret-scan-1", "secret-scan-2", "secret-scan-3"] {
                    #expect(names.contains { $0.hasSuffix("-\(requestID).json") }, "trace file for \(requestID): \(names)")
                    #expect(proxy.logged("request_completed").contains { $0["request_id"]?.stringValue == requestID })
                }
            }
        }
    }

    @Test("a trace holds the request's frames in order, redacted, with the request id")
    func traceContents() async throws {
        try await withTraceDirectory { directory in
            try await ProxyHarness.run(environment: ["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": directory.path]) { proxy in
                _ = try await proxy.chat(ProxyHarness.chatBody("say hi"), headers: [("X-Request-Id", "trace-me")])
                try await proxy.waitUntil("a trace file", timeout: .seconds(20)) { try Self.traceFiles(in: directory).count == 1 }
                let file = try #require(try Self.traceFiles(in: directory).first)
                let document = try JSONParser().parse(Array(try Data(contentsOf: file)))
                #expect(document["req_id"] == "trace-me")
                #expect(document["timestamp"]?.stringValue?.hasSuffix("Z") == true)
                let events = try #require(document["events"]?.arrayValue)
                let summary = events.map { "\($0["type"]?.stringValue ?? "?"):\($0["method"]?.stringValue ?? "")" }
                #expect(summary.prefix(4) == ["rpc_request:thread/start", "rpc_response:", "rpc_request:turn/start", "rpc_response:"])
                #expect(summary.contains("notification:item/agentMessage/delta"))
                #expect(summary.contains("notification:turn/completed"))
                #expect(summary.contains("rpc_request:thread/unsubscribe"))
                #expect(events.allSatisfy { $0["redacted"] == true && $0["direction"] != nil && $0["at_ms"]?.doubleValue != nil })
                let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
                #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
                let directoryAttributes = try FileManager.default.attributesOfItem(atPath: directory.path)
                #expect((directoryAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
            }
        }
    }

    @Test("with the trace buffer off, nothing is written to disk")
    func traceBufferOffByDefault() async throws {
        try await withTraceDirectory { directory in
            try await ProxyHarness.run(environment: ["PROXY_TRACE_DIR": directory.path]) { proxy in
                _ = try await proxy.chat(ProxyHarness.chatBody("say hi"))
                #expect(!FileManager.default.fileExists(atPath: directory.path))
            }
        }
    }

    /// A path for a trace directory that does not exist yet, removed afterwards.
    func withTraceDirectory(_ body: (URL) async throws -> Void) async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("traces-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: parent) }
        try await body(parent.appendingPathComponent("trace-buffer"))
    }

    static func traceFiles(in directory: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasPrefix(".") }
    }
}
