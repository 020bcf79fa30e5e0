import OrderedJSON
import Redaction
import Testing

@Suite struct JSONRedactionTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test(arguments: [
        "authorization", "Authorization", "api_key", "apiKey", "API-KEY", "apikey", "password", "passwd",
        "token", "access_token", "accessToken", "refresh_token", "secret", "client_secret", "clientSecret",
        "cookie", "Set-Cookie", "x-api-key", "X_API_KEY", "proxy-authorization",
    ])
    func sensitiveKeysAreMatchedIgnoringCaseDashesAndUnderscores(_ key: String) {
        #expect(redactor.sensitiveKeys.contains(key))
        let value: JSONValue = .object([key: "plain text"])
        #expect(redactor.redact(value) == .object([key: .string(SensitiveKeys.replacement)]))
    }

    @Test(arguments: ["token_count", "tokens_prompt", "tokenUsage", "password_policy", "secretary", "id", "max_tokens"])
    func lookAlikeKeysAreNotSensitive(_ key: String) {
        #expect(!redactor.sensitiveKeys.contains(key))
        let value: JSONValue = .object([key: 12])
        #expect(redactor.redact(value) == value)
    }

    @Test func writingRedactedGivesTheBytesOfTheRedactedValue() {
        let value: JSONValue = [
            "method": "item/agentMessage/delta",
            "params": [
                "threadId": "019a-thread", "apiKey": ["nested": "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"],
                "delta": "mail me at jane.doe@example.com, key sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\n\"quoted\"",
                "items": [1, 2.5, true, nil, "AKIAIOSFODNN7EXAMPLE", ["Token": 3]],
            ],
            "at_ms": 12.25,
        ]
        var written: [UInt8] = []
        redactor.writeRedacted(value, to: &written)
        #expect(written == redactor.redact(value).jsonBytes)
        #expect(redactor.redact(value) != value)
    }

    @Test func sensitiveValuesAreReplacedWholeWhateverTheirType() {
        let value: JSONValue = [
            "token": 12345,
            "password": ["a", "b"],
            "secret": ["nested": true],
            "cookie": nil,
            "apiKey": 1.5,
        ]
        let replaced = JSONValue.string(SensitiveKeys.replacement)
        #expect(redactor.redact(value) == [
            "token": replaced, "password": replaced, "secret": replaced, "cookie": replaced, "apiKey": replaced,
        ])
    }

    @Test func otherStringsGoThroughTheTextRulesAtAnyDepth() throws {
        let value = try JSONParser().parse(#"""
        {"jsonrpc":"2.0","id":7,"params":{"input":[{"type":"text","text":"mail bob@example.com"}],"n":4111111111111111}}
        """#)
        let expected = try JSONParser().parse(#"""
        {"jsonrpc":"2.0","id":7,"params":{"input":[{"type":"text","text":"mail [REDACTED:email]"}],"n":4111111111111111}}
        """#)
        #expect(redactor.redact(value) == expected)
    }

    @Test func keysAreKeptEvenWhenTheyLookLikeSecrets() {
        let value: JSONValue = ["bob@example.com": "x", "note": "bob@example.com"]
        let redacted = redactor.redact(value)
        #expect(redacted.objectValue?.keys.elementsEqual(["bob@example.com", "note"]) == true)
        #expect(redacted["bob@example.com"] == "x")
        #expect(redacted["note"] == "[REDACTED:email]")
    }

    @Test func memberOrderAndUntouchedValuesArePreserved() throws {
        let text = #"{"z":1,"authorization":"Bearer abc","a":[true,null,"ok"],"m":{"password":"x","keep":"y"}}"#
        let redacted = redactor.redact(try JSONParser().parse(text))
        #expect(redacted.jsonString == #"{"z":1,"authorization":"[REDACTED:sensitive_key]","a":[true,null,"ok"],"m":{"password":"[REDACTED:sensitive_key]","keep":"y"}}"#)
    }

    @Test func aValueWithNothingToRedactComesBackEqual() throws {
        let value = try JSONParser().parse(#"{"method":"turn/start","params":{"threadId":"0199a7e2-6b1c-7d3e-9f10-2a3b4c5d6e7f","tokens_prompt":12}}"#)
        #expect(redactor.redact(value) == value)
    }

    @Test func extraSensitiveKeysCanBeAdded() throws {
        let custom = try Redactor(sensitiveKeys: SensitiveKeys.defaults.adding(["x-session-id"]))
        #expect(custom.redact(["X_Session_ID": "abc"]) == ["X_Session_ID": .string(SensitiveKeys.replacement)])
    }
}
