import Foundation
import Redaction
import Testing

@Suite struct RuleFileTests {
    @Test func anEntryWithANewNameIsAppendedAfterTheDefaults() throws {
        let file = try parse(#"{"rules":[{"name":"ticket_id","pattern":"TCK-[0-9]{6}"}]}"#)
        let rules = try file.applied(to: RedactionRule.defaults)
        #expect(rules.count == RedactionRule.defaults.count + 1)
        #expect(rules.last == RedactionRule(name: "ticket_id", pattern: "TCK-[0-9]{6}"))
        let redactor = try Redactor(rules: rules)
        #expect(redactor.redact("see TCK-123456") == "see [REDACTED:ticket_id]")
    }

    @Test func anEntryWithAnExistingNameReplacesThatRuleInPlace() throws {
        let file = try parse(#"{"rules":[{"name":"email","pattern":"[a-z]+@corp\\.example","replacement":"[EMAIL]"}]}"#)
        let rules = try file.applied(to: RedactionRule.defaults)
        let index = try #require(rules.firstIndex { $0.name == "email" })
        #expect(index == RedactionRule.defaults.firstIndex { $0.name == "email" })
        #expect(rules[index].replacement == "[EMAIL]")
        #expect(rules[index].prefilter == nil)
        let redactor = try Redactor(rules: rules)
        #expect(redactor.redact("bob@corp.example bob@example.com") == "[EMAIL] bob@example.com")
    }

    @Test func enabledFalseRemovesARule() throws {
        let file = try parse(#"{"rules":[{"name":"phone_number","enabled":false}]}"#)
        let rules = try file.applied(to: RedactionRule.defaults)
        #expect(!rules.contains { $0.name == "phone_number" })
        #expect(try Redactor(rules: rules).redact("call 415-555-0100") == "call 415-555-0100")
    }

    @Test func validatorAndSensitiveKeysAreRead() throws {
        let file = try parse(#"{"rules":[{"name":"card_like","pattern":"[0-9]{16}","validator":"luhn"}],"sensitive_keys":["x-session-id"]}"#)
        #expect(file.entries == [RuleFileEntry(name: "card_like", pattern: "[0-9]{16}", validator: .luhn)])
        #expect(file.sensitiveKeys == ["x-session-id"])
    }

    @Test func loadsFromDiskAndBuildsTheProxyRedactor() throws {
        let path = try temporaryFile(#"{"rules":[{"name":"ticket_id","pattern":"TCK-[0-9]{6}"}],"sensitive_keys":["x-session-id"]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let redactor = try Redactor(ruleFilePath: path)
        #expect(redactor.redact("TCK-123456 bob@example.com") == "[REDACTED:ticket_id] [REDACTED:email]")
        #expect(redactor.sensitiveKeys.contains("X-Session-Id"))
        #expect(try Redactor(ruleFilePath: nil).rules == RedactionRule.defaults)
    }

    @Test func aRuleThatDoesNotCompileStopsStartUpNamingRuleMessageAndOffset() throws {
        let path = try temporaryFile(#"{"rules":[{"name":"broken_rule","pattern":"abc[0-9"}]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Redactor(ruleFilePath: path)
        } throws: { error in
            guard let error = error as? PatternError else { return false }
            let text = String(describing: error)
            return error.ruleName == "broken_rule" && error.offset == 7
                && text.contains("broken_rule") && text.contains("missing terminating ] for character class")
                && text.contains("offset 7")
        }
    }

    @Test(arguments: [
        (#"[1,2]"#, "redaction rule file t.json: expected a JSON object at the top level, got array"),
        (#"{"rules":{}}"#, "redaction rule file t.json: field 'rules': expected an array, got object"),
        (#"{"rulez":[]}"#, "redaction rule file t.json: field 'rulez': unknown field (expected 'rules', 'sensitive_keys')"),
        (#"{"rules":[{"pattern":"x"}]}"#, "redaction rule file t.json: rule '#1': field 'name': missing"),
        (#"{"rules":[{"name":"a b","pattern":"x"}]}"#, "redaction rule file t.json: rule '#1': field 'name': 'a b' must be 1–64 characters of A–Z a–z 0–9 _ . -"),
        (#"{"rules":[{"name":"r","patern":"x"}]}"#, "redaction rule file t.json: rule 'r': field 'patern': unknown field (expected 'enabled', 'name', 'pattern', 'replacement', 'validator')"),
        (#"{"rules":[{"name":"r","pattern":7}]}"#, "redaction rule file t.json: rule 'r': field 'pattern': expected a string, got number"),
        (#"{"rules":[{"name":"r","pattern":""}]}"#, "redaction rule file t.json: rule 'r': field 'pattern': must not be empty"),
        (#"{"rules":[{"name":"r","pattern":"x","validator":"iban"}]}"#, "redaction rule file t.json: rule 'r': field 'validator': unknown validator 'iban' (known: 'luhn')"),
        (#"{"rules":[{"name":"r","pattern":"x","enabled":"no"}]}"#, "redaction rule file t.json: rule 'r': field 'enabled': expected a boolean, got string"),
        (#"{"rules":[{"name":"r","pattern":"x"},{"name":"r","pattern":"y"}]}"#, "redaction rule file t.json: rule 'r': field 'name': appears more than once"),
        (#"{"sensitive_keys":["ok",3]}"#, "redaction rule file t.json: field 'sensitive_keys': expected non-empty strings, got number"),
        (#"{"rules":[}"#, "redaction rule file t.json: not valid JSON: unexpected character '}' at byte 10"),
    ])
    func malformedFilesAreRejectedNamingFileRuleAndField(_ contents: String, _ message: String) {
        #expect {
            _ = try RuleFile.parse(Array(contents.utf8), path: "t.json")
        } throws: { error in
            String(describing: error) == message
        }
    }

    @Test func entriesThatCannotApplyAreRejected() throws {
        let missingPattern = try parse(#"{"rules":[{"name":"brand_new"}]}"#)
        #expect(throws: RuleFileError(path: "t.json", rule: "brand_new", field: "pattern", reason: "missing")) {
            _ = try missingPattern.applied(to: RedactionRule.defaults)
        }
        let disableUnknown = try parse(#"{"rules":[{"name":"nope","enabled":false}]}"#)
        #expect(throws: RuleFileError(path: "t.json", rule: "nope", field: "enabled", reason: "no rule of this name to disable")) {
            _ = try disableUnknown.applied(to: RedactionRule.defaults)
        }
    }

    @Test func aMissingFileIsReportedWithTheSystemReason() {
        #expect {
            _ = try RuleFile.load(path: "/nonexistent/redaction-rules.json")
        } throws: { error in
            String(describing: error) == "redaction rule file /nonexistent/redaction-rules.json: cannot read: No such file or directory"
        }
    }

    @Test func theDocumentedExampleParses() throws {
        // Keep in step with the example in docs/redaction.md and the RuleFile doc comment.
        let file = try parse(#"""
        {
          "rules": [
            {"name": "ticket_id", "pattern": "TCK-[0-9]{6}"},
            {"name": "email", "pattern": "[a-z]+@corp\\.example", "replacement": "[EMAIL]"},
            {"name": "phone_number", "enabled": false}
          ],
          "sensitive_keys": ["x-session-id"]
        }
        """#)
        #expect(file.entries.count == 3)
        _ = try Redactor(rules: try file.applied(to: RedactionRule.defaults))
    }

    private func parse(_ text: String) throws -> RuleFile {
        try RuleFile.parse(Array(text.utf8), path: "t.json")
    }

    private func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("redaction-rules-\(UInt64.random(in: 0...UInt64.max)).json").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
