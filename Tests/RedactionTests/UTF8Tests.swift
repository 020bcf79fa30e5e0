import Redaction
import Testing

/// Matching runs on UTF-8 bytes in PCRE2's UTF mode: replacements never split a character, and
/// text in other scripts next to a secret stays intact.
@Suite struct UTF8Tests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test(arguments: [
        ("🔑sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z🔑", "🔑[REDACTED:openai_api_key]🔑"),
        ("请联系bob@example.com谢谢", "请联系[REDACTED:email]谢谢"),
        ("carte:4111111111111111€", "carte:[REDACTED:payment_card]€"),
        ("café password=naïveté ok", "café password=[REDACTED:password_assignment] ok"),
        ("電話+81 3 1234 5678です", "電話[REDACTED:phone_number]です"),
        ("👩🏽‍💻 token=abc123 👩🏽‍💻", "👩🏽‍💻 token=[REDACTED:token_assignment] 👩🏽‍💻"),
        ("josé@exemple.fr", "[REDACTED:email]"),
    ])
    func textInOtherScriptsNextToASecretStaysIntact(_ input: String, _ expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test func aMatchNeverEndsInsideAMultiByteCharacter() throws {
        // `.` is one character in UTF mode, so the whole 4-byte emoji is replaced, not one byte.
        let custom = try Redactor(rules: [RedactionRule(name: "after_x", pattern: "x.")])
        #expect(custom.redact("ax😀b") == "a[REDACTED:after_x]b")
        #expect(custom.redact(bytes: Array("ax😀b".utf8)) == Array("a[REDACTED:after_x]b".utf8))
    }

    @Test func invalidBytesPassThroughAndAreNeverPartOfAMatch() throws {
        let custom = try Redactor(rules: [RedactionRule(name: "after_x", pattern: "x.")])
        // 0xC3 starts a two-byte sequence that never finishes; 0xFF is never valid.
        let input: [UInt8] = [0x61, 0x78, 0xC3, 0x62, 0xFF, 0x78, 0x79]
        #expect(custom.redact(bytes: input) == [0x61, 0x78, 0xC3, 0x62, 0xFF] + Array("[REDACTED:after_x]".utf8))
    }

    @Test func secretsAroundInvalidBytesAreStillFound() {
        let input: [UInt8] = [0xFF, 0xFE] + Array(" bob@example.com ".utf8) + [0xC0, 0x80]
        let expected: [UInt8] = [0xFF, 0xFE] + Array(" [REDACTED:email] ".utf8) + [0xC0, 0x80]
        #expect(redactor.redact(bytes: input) == expected)
    }

    @Test func redactedTextIsValidUTF8WithTheSameScalarsAroundTheMarker() {
        let input = "Ωmega ✅ 4111-1111-1111-1111 ✅ Ωmega"
        let output = redactor.redact(input)
        #expect(output == "Ωmega ✅ [REDACTED:payment_card] ✅ Ωmega")
        #expect(String(validating: Array(output.utf8), as: UTF8.self) != nil)
    }

    @Test func fullwidthDigitsAreNotASCIIDigits() {
        // \d stays ASCII (no PCRE2_UCP): fullwidth digits are text, not a card number.
        let fullwidth = "４１１１１１１１１１１１１１１１"
        #expect(redactor.redact(fullwidth) == fullwidth)
    }
}
