import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

/// `codex-proxy redact` as an operator runs it, and rule-file errors at start-up.
@Suite("codex-proxy redact", .timeLimit(.minutes(1)))
struct RedactCommandTests {
    static let binary = FilePath(BuiltProducts.path(of: "codex-proxy"))

    @Test("stdin is scrubbed to stdout line by line; clean lines pass byte for byte")
    func filtersStdin() async throws {
        let input = "ok line 0.163.0 req_8f3a\nkey sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12 here\ncafé ☕ bob@example.com\nno newline at end"
        let result = try await Subprocess.run(.path(Self.binary), arguments: ["redact"], input: .string(input), output: .string(limit: 65536))
        #expect(result.terminationStatus == .exited(0))
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0] == "ok line 0.163.0 req_8f3a")
        #expect(lines[1].contains("[REDACTED:") && !lines[1].contains("sk-proj"))
        #expect(lines[2].hasPrefix("café ☕ ") && !lines[2].contains("bob@example.com"))
        #expect(lines[3] == "no newline at end")
    }

    @Test("a multi-line private key is redacted whole, body included")
    func multiLinePrivateKey() async throws {
        let body = "MIIEowIBAAKCAQEAWAVk9aqSL9tYlzuYPmRnLVJ5L5BStPCyOn5HksxIAu8L86iet29RiDKiG8yoPf"
        let input = "before\n-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----\nafter\n"
        let result = try await Subprocess.run(.path(Self.binary), arguments: ["redact"], input: .string(input), output: .string(limit: 65536))
        #expect(!result.standardOutput.contains(body), "\(result.standardOutput)")
        #expect(result.standardOutput.hasPrefix("before\n"))
        #expect(result.standardOutput.hasSuffix("after\n"))
    }

    @Test("--rules adds a rule")
    func customRule() async throws {
        let folder = try TemporaryDirectory("rules").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.json")
        try Data(#"{"rules": [{"name": "ticket", "pattern": "TICKET-[0-9]{4}"}]}"#.utf8).write(to: rules)
        let result = try await Subprocess.run(
            .path(Self.binary), arguments: ["redact", "--rules", rules.path], input: .string("see TICKET-1234\n"), output: .string(limit: 4096)
        )
        #expect(result.standardOutput == "see [REDACTED:ticket]\n")
    }

    @Test("a rule that does not compile stops the proxy at start with its name, PCRE2's message and the offset")
    func badRuleStopsStartUp() async throws {
        let folder = try TemporaryDirectory("rules").url
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.json")
        try Data(#"{"rules": [{"name": "broken_rule", "pattern": "abc(def"}]}"#.utf8).write(to: rules)
        let result = try await Subprocess.run(
            .path(Self.binary),
            environment: .inherit.updating(["PROXY_REDACTION_RULES": rules.path, "CODEX_BIN": BuiltProducts.path(of: "fake-codex")]),
            output: .discarded,
            error: .string(limit: 65536)
        )
        #expect(result.terminationStatus == .exited(78))
        #expect(result.standardError.contains("broken_rule"), "\(result.standardError)")
        #expect(result.standardError.contains("missing closing parenthesis"))
        #expect(result.standardError.contains("offset 7"))
    }
}
