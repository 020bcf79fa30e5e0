@testable import Redaction
import Testing

@Suite struct RedactorTests {
    @Test func returnsTheSameBytesWithoutCopyingWhenNothingMatches() throws {
        let redactor = try Redactor()
        let input = Array("GET /v1/models 200 latency_ms=12".utf8)
        let output = redactor.redact(bytes: input)
        #expect(output == input)
        let sameStorage = input.withUnsafeBufferPointer { a in output.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        #expect(sameStorage)
    }

    @Test func emptyInputStaysEmpty() throws {
        let redactor = try Redactor()
        #expect(redactor.redact("") == "")
        #expect(redactor.redact(bytes: []) == [])
    }

    @Test func replacesEveryMatchOfARuleWithItsReplacement() throws {
        let redactor = try Redactor(rules: [RedactionRule(name: "ticket", pattern: "TCK-[0-9]{4}", replacement: "<ticket>")])
        #expect(redactor.redact("TCK-1234 and TCK-5678, not TCK-12") == "<ticket> and <ticket>, not TCK-12")
    }

    @Test func defaultReplacementNamesTheRule() {
        #expect(RedactionRule(name: "ticket", pattern: "x").replacement == "[REDACTED:ticket]")
    }

    @Test func laterRulesSeeTheOutputOfEarlierOnes() throws {
        let redactor = try Redactor(rules: [
            RedactionRule(name: "first", pattern: "abc"),
            RedactionRule(name: "second", pattern: #"\[REDACTED:first\]"#),
        ])
        #expect(redactor.redact("x abc y") == "x [REDACTED:second] y")
    }

    @Test func backslashKKeepsTheLeadingContext() throws {
        let redactor = try Redactor(rules: [RedactionRule(name: "pin", pattern: #"pin=\K[0-9]+"#)])
        #expect(redactor.redact("pin=1234 pin=99") == "pin=[REDACTED:pin] pin=[REDACTED:pin]")
    }

    @Test func emptyMatchesAreSkippedInsteadOfLoopingOrInserting() throws {
        let redactor = try Redactor(rules: [RedactionRule(name: "maybe", pattern: "x*")])
        #expect(redactor.redact("abxxc") == "ab[REDACTED:maybe]c")
        #expect(redactor.redact("abc") == "abc")
    }

    @Test func validatorRejectionMovesOnByOneCharacter() throws {
        // The first candidate fails Luhn; a valid number right after it must still be found.
        let redactor = try Redactor(rules: [
            RedactionRule(name: "card", pattern: "[0-9]{16}", validator: .luhn)
        ])
        #expect(redactor.redact("14111111111111111") == "1[REDACTED:card]")
        #expect(redactor.redact("4111111111111112") == "4111111111111112")
    }

    @Test func aRuleThatHitsTheMatchLimitRedactsTheRestOfTheInput() throws {
        let redactor = try Redactor(
            rules: [RedactionRule(name: "slow", pattern: "(a|aa)+$")],
            options: .init(matchLimit: 1_000)
        )
        let input = "keep " + String(repeating: "a", count: 64) + "b"
        let output = redactor.redact(input)
        #expect(output.hasSuffix("[REDACTED:slow]"))
        #expect(!output.contains("ab"))
    }

    @Test func compilesEveryDefaultRuleWithJITWhenTheLibraryHasIt() throws {
        let redactor = try Redactor()
        #expect(redactor.rules.count == RedactionRule.defaults.count)
        if PCRE2Errors.jitAvailable {
            #expect(redactor.jitCompiledRuleCount == redactor.rules.count)
        }
    }

    @Test func jitOffUsesTheInterpreterWithTheSameResult() throws {
        let jit = try Redactor()
        let interpreter = try Redactor(options: .init(jit: false))
        #expect(interpreter.jitCompiledRuleCount == 0)
        let input = "mail bob@example.com card 4111 1111 1111 1111 call +1 (415) 555-0100"
        #expect(interpreter.redact(input) == jit.redact(input))
        #expect(jit.redact(input) == "mail [REDACTED:email] card [REDACTED:payment_card] call [REDACTED:phone_number]")
    }

    @Test func patternErrorNamesTheRuleWithPCRE2MessageAndOffset() {
        #expect {
            _ = try Redactor(rules: [
                RedactionRule(name: "fine", pattern: "a"),
                RedactionRule(name: "broken", pattern: "ab(c"),
            ])
        } throws: { error in
            guard let error = error as? PatternError else { return false }
            return error.ruleName == "broken" && error.offset == 4
                && error.message == "missing closing parenthesis"
                && error.description == "redaction rule 'broken' does not compile: missing closing parenthesis at offset 4"
        }
    }

    @Test func redactsTheCommonSecretsInOneLogLine() throws {
        let redactor = try Redactor()
        let key = "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"
        let line = "user bob@example.com called with Authorization: Bearer \(key)"
        #expect(redactor.redact(line) == "user [REDACTED:email] called with Authorization: Bearer [REDACTED:openai_api_key]")
    }
}
