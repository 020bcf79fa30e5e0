import OrderedJSON
import Testing

@Suite("JSONParser")
struct JSONParserTests {
    let parser = JSONParser()

    @Test("objects keep their key order through parse and serialize")
    func keyOrderRoundTrips() throws {
        let text = #"{"zeta":1,"alpha":{"b":true,"a":null},"mid":[1,2.5,"x"]}"#
        let value = try parser.parse(text)
        #expect(value.jsonString == text)
        #expect(value.objectValue.map { Array($0.keys) } == ["zeta", "alpha", "mid"])
    }

    @Test("a repeated key keeps its first place and takes its last value, in small and large objects", arguments: [3, 40])
    func repeatedKeys(members: Int) throws {
        let others = (0..<members).map { #""k\#($0)":\#($0)"# }
        let text = "{" + ([#""dup":"first""#] + others + [#""dup":"last""#]).joined(separator: ",") + "}"
        let value = try JSONParser().parse(Array(text.utf8))
        let object = try #require(value.objectValue)
        #expect(Array(object.keys) == ["dup"] + (0..<members).map { "k\($0)" })
        #expect(object["dup"] == "last")
        #expect(object["k1"] == 1)
    }

    @Test("integers stay integers and floats stay floats")
    func numberKinds() throws {
        #expect(try parser.parse("7") == .integer(7))
        #expect(try parser.parse("-9223372036854775808") == .integer(.min))
        #expect(try parser.parse("2.5") == .double(2.5))
        #expect(try parser.parse("1e3") == .double(1000))
        #expect(try parser.parse("18446744073709551616") == .double(18446744073709551616))
    }

    @Test("string escapes decode, including surrogate pairs")
    func escapes() throws {
        let value = try parser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test("serialization escapes like serde_json: quotes, backslashes, controls; not slash or non-ASCII")
    func serializationEscapes() {
        let value = JSONValue.string("q\"b\\/\n\u{01}é")
        #expect(value.jsonString == #""q\"b\\/\n\u0001é""#)
    }

    @Test("serialization copies unescaped runs whole: escapes at either end, back to back, between runs", arguments: [
        ("", #""""#), ("plain text", #""plain text""#), ("\"start", #""\"start""#), ("end\\", #""end\\""#),
        ("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#), ("a\u{1F}b\u{7F}c", #""a\u001fb\#u{7F}c""#), ("é\"ü😀", #""é\"ü😀""#),
    ])
    func serializationRuns(text: String, expected: String) throws {
        #expect(JSONValue.string(text).jsonString == expected)
        #expect(try parser.parse(expected) == .string(text))
    }

    @Test("malformed documents are rejected with the offset of the problem", arguments: [
        ("", 0), ("{", 1), (#"{"a" 1}"#, 5), ("[1,]", 3), ("01", 1), (#""abc"#, 4), ("nul", 0), ("[1] x", 4), (#""\x""#, 2),
        (#""\ud800""#, 7),
    ])
    func rejectsMalformed(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try parser.parse(text) }
        do {
            _ = try parser.parse(text)
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test("nesting deeper than the limit is rejected instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try parser.parse(deep) }
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try parser.parse(shallow) }
    }

    @Test("invalid UTF-8 inside a string is rejected")
    func invalidUTF8() {
        let bytes: [UInt8] = [UInt8(ascii: "\""), 0xC3, 0x28, UInt8(ascii: "\"")]
        #expect(throws: JSONParseError.self) { try parser.parse(bytes) }
    }

    @Test("raw control characters inside strings are rejected")
    func controlCharacters() {
        #expect(throws: JSONParseError.self) { try parser.parse("\"a\nb\"") }
    }

    @Test("literals build ordered objects")
    func literals() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "s", 1.5]]
        #expect(value.jsonString == #"{"b":1,"a":[true,null,"s",1.5]}"#)
        #expect(value["a"]?.arrayValue?.count == 4)
        #expect(value["missing"] == nil)
    }
}
