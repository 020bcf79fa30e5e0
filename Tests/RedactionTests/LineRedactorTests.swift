import Redaction
import Testing

@Suite struct LineRedactorTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    private func run(_ lines: [String], _ stream: inout LineRedactor) -> String {
        var output: [UInt8] = []
        for line in lines { output += stream.redact(line: Array(line.utf8)) }
        output += stream.finish()
        return String(decoding: output, as: UTF8.self)
    }

    @Test func aKeyBlockSpreadOverLinesIsRedactedWhole() {
        var stream = LineRedactor(redactor: redactor)
        let lines = [
            "before bob@example.com\n",
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "MIIEowIBAAKCAQEAv0zR9Kq3\n",
            "c2VjcmV0IGJvZHkgbGluZQ==\n",
            "-----END RSA PRIVATE KEY-----\n",
            "after\n",
        ]
        #expect(run(lines, &stream) == "before [REDACTED:email]\n[REDACTED:private_key]\nafter\n")
    }

    @Test func linesAreHeldOnlyInsideABlock() {
        var stream = LineRedactor(redactor: redactor)
        #expect(stream.redact(line: Array("plain\n".utf8)) == Array("plain\n".utf8))
        #expect(stream.redact(line: Array("-----BEGIN PRIVATE KEY-----\n".utf8)).isEmpty)
        #expect(stream.redact(line: Array("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n".utf8)).isEmpty)
        #expect(stream.redact(line: Array("-----END PRIVATE KEY-----\n".utf8)) == Array("[REDACTED:private_key]\n".utf8))
    }

    @Test func aBlockThatNeverEndsIsRedactedAtTheEndOfTheStream() {
        var stream = LineRedactor(redactor: redactor)
        let output = run(["-----BEGIN EC PRIVATE KEY-----\n", "MHcCAQEEIBkey\n", "truncated"], &stream)
        #expect(output == "[REDACTED:private_key]")
    }

    @Test func anOverlongBlockIsRedactedOnceItPassesTheLimit() {
        var stream = LineRedactor(redactor: redactor, maximumHeldBytes: 64)
        #expect(stream.redact(line: Array("-----BEGIN PRIVATE KEY-----\n".utf8)).isEmpty)
        let flushed = stream.redact(line: Array((String(repeating: "A", count: 80) + "\n").utf8))
        #expect(flushed == Array("[REDACTED:private_key]".utf8))
    }

    @Test func aOneLineBlockAndPublicKeysAreNotHeld() {
        var stream = LineRedactor(redactor: redactor)
        let oneLine = "k=-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\n"
        #expect(stream.redact(line: Array(oneLine.utf8)) == Array("k=[REDACTED:private_key]\n".utf8))
        let publicKey = "-----BEGIN PUBLIC KEY-----\n"
        #expect(stream.redact(line: Array(publicKey.utf8)) == Array(publicKey.utf8))
    }
}
