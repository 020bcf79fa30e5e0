import Proxy
import Testing

/// The key file format: YAML and JSON, limits and defaults, and errors that name the line and field.
@Suite("Key file parsing")
struct KeyFileParserTests {
    static let hashA = KeyDigest(of: "key-a-0123456789abcdef").description
    static let hashB = KeyDigest(of: "key-b-0123456789abcdef").description

    @Test("YAML with defaults and per-key limits resolves each limit from the nearest level")
    func yamlWithDefaults() throws {
        let text = """
            defaults:
              requests_per_minute: 60
            keys:
              - name: team-a
                hash: \(Self.hashA)
                tokens_per_minute: 1000
              - name: ci.bot
                hash: \(Self.hashB)
                requests_per_minute: 0
                max_concurrent: 2
            """
        let file = try KeyFileParser.parse(text)
        #expect(file.entries.map(\.name) == ["team-a", "ci.bot"])
        #expect(file.entries[0].digest == KeyDigest(of: "key-a-0123456789abcdef"))
        #expect(file.entries[1].line == 7)
        let resolved = file.resolvedLimits(over: KeyLimits(requestsPerMinute: 5, tokensPerMinute: 5, maxConcurrent: 5))
        #expect(resolved[0].limits == KeyLimits(requestsPerMinute: 60, tokensPerMinute: 1000, maxConcurrent: 5))
        #expect(resolved[1].limits == KeyLimits(requestsPerMinute: 0, tokensPerMinute: 5, maxConcurrent: 2))
    }

    @Test("JSON is read too")
    func json() throws {
        let text = #"{"keys": [{"name": "a", "hash": "\#(Self.hashA)", "requests_per_minute": 5}]}"#
        let file = try KeyFileParser.parse(text)
        #expect(file.entries.count == 1)
        #expect(file.entries[0].limits.requestsPerMinute == 5)
    }

    static let broken: [(String, Int?, String?, String)] = [
        ("keys:\n  - name: a\n    key: sk-live-secret-value-123\n", 3, "keys[0].key", "plain keys are refused"),
        ("keys:\n  - name: a\n    hash: sk-live-secret-value-123\n", 3, "keys[0].hash", "plain keys are refused"),
        ("keys:\n  - name: a\n    hash: sha256:abcd\n", 3, "keys[0].hash", "64 hex digits"),
        ("keys:\n  - name: a\n    hash: \(hashA)\n    request_per_minute: 5\n", 4, "keys[0].request_per_minute", "unknown field"),
        ("keys:\n  - name: a\n    hash: \(hashA)\n    max_concurrent: -1\n", 4, "keys[0].max_concurrent", "must be an integer"),
        ("keys:\n  - name: a\n    hash: \(hashA)\n  - name: a\n    hash: \(hashB)\n", 4, "keys[1].name", "already used on line 2"),
        ("keys:\n  - name: a\n    hash: \(hashA)\n  - name: b\n    hash: \(hashA)\n", 4, "keys[1].hash", "the same hash as key 'a'"),
        ("keys:\n  - name: has space\n    hash: \(hashA)\n", 2, "keys[0].name", "letters, digits"),
        ("keys:\n  - hash: \(hashA)\n", 2, "keys[0].name", "missing"),
        ("defaults:\n  rpm: 3\nkeys: []\n", 2, "defaults.rpm", "unknown field"),
        ("kyes: []\n", 1, "kyes", "unknown field"),
        ("keys: {}\n", 1, "keys", "must be a list"),
        ("keys:\n  - name: a\n    hash: [unclosed\n", 4, nil, "not valid YAML"),
        ("", 1, nil, "empty"),
    ]

    @Test("each broken file is refused with the line, the field and the problem, never quoting a key", arguments: 0..<broken.count)
    func brokenFiles(index: Int) {
        let (text, line, field, problem) = Self.broken[index]
        #expect {
            try KeyFileParser.parse(text)
        } throws: { error in
            guard let error = error as? KeyFileError else { return false }
            #expect(error.line == line, "\(error)")
            #expect(error.field == field, "\(error)")
            #expect(error.problem.contains(problem), "\(error)")
            #expect(!error.description.contains("sk-live"), "\(error)")
            return true
        }
    }

    @Test("a digest prints as the file spells it and parses back, upper-case hex included")
    func digestRoundTrip() throws {
        let digest = KeyDigest(of: "abc")
        #expect(digest.description == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(KeyDigest(parsing: digest.description) == digest)
        #expect(KeyDigest(parsing: digest.description.uppercased().replacingOccurrences(of: "SHA256:", with: "sha256:")) == digest)
        #expect(KeyDigest(parsing: "sha256:" + String(repeating: "g", count: 64)) == nil)
    }
}
