import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// `thread/inject_items` as codex 0.163.0 serves it (live-captures/inject_items.jsonl and the mock's
/// dump of what the model received): what is dropped silently, what is rejected, and a turn with
/// `input: []` answering the injected history.
@Suite("Injected history")
struct InjectItemsBehaviourTests {
    static func message(_ role: String, _ text: String, part: String = "input_text") -> JSONValue {
        ["type": "message", "role": .string(role), "content": [["type": .string(part), "text": .string(text)]]]
    }

    @Test("system messages, unknown types and orphan outputs are dropped; the rest is kept in order")
    func dropsWhatCodexDrops() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let items: [JSONValue] = [
            Self.message("developer", "Be brief."),
            Self.message("system", "dropped system"),
            Self.message("user", "What is 2+2?"),
            Self.message("assistant", "4", part: "output_text"),
            ["type": "function_call", "call_id": "call_a", "name": "lookup", "arguments": "{}"],
            ["type": "function_call_output", "call_id": "call_a", "output": "found"],
            ["type": "function_call_output", "call_id": "call_orphan", "output": "dropped"],
            ["type": "made_up_type", "x": 1],
            Self.message("user", "REPLY:from history"),
        ]
        let completed = try await AppServerSession.run(FakeCodex.launch(stateDirectory: state.path)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            try await session.request(2, "thread/inject_items", ["threadId": .string(thread), "items": .array(items)])
            #expect(await session.reply(to: 2)?["result"] == [:])
            try await session.request(3, "turn/start", ["threadId": .string(thread), "input": []])
            await session.waitFor("turn/completed")
            #expect(await session.all("item/started").allSatisfy { $0["params"]?["item"]?["type"] != "userMessage" }, "no user item for empty input")
            return await session.all("item/completed").last?["params"]?["item"]?["text"]?.stringValue
        }.result
        #expect(completed == "from history")
        let injected = try #require(StateDirectoryReader(path: state.path).events("injected").first)
        #expect(injected["kept"]?.arrayValue == [items[0], items[2], items[3], items[4], items[5], items[8]])
        let reasons = injected["dropped"]?.arrayValue?.compactMap { $0["reason"]?.stringValue }
        #expect(reasons == ["system role", "orphan function_call_output", "unknown item type"])
    }

    @Test("a malformed item rejects the whole call with the real message; empty items and unknown threads are refused")
    func rejections() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        try await AppServerSession.run(FakeCodex.launch(stateDirectory: state.path)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            let bad: JSONValue = ["type": "message", "role": "user", "content": "not a list"]
            try await session.request(2, "thread/inject_items", ["threadId": .string(thread), "items": [Self.message("user", "ok"), Self.message("user", "ok"), bad]])
            #expect(await session.reply(to: 2)?["error"]?["message"] == #"items[2] is not a valid response item: invalid type: string "not a list", expected a sequence"#)
            try await session.request(3, "thread/inject_items", ["threadId": .string(thread), "items": [["type": "function_call", "call_id": "c", "name": "n", "arguments": ["a": 1]]]])
            #expect(await session.reply(to: 3)?["error"]?["message"] == "items[0] is not a valid response item: invalid type: map, expected a string")
            try await session.request(4, "thread/inject_items", ["threadId": .string(thread), "items": []])
            #expect(await session.reply(to: 4)?["error"]?["message"] == "items must not be empty")
            try await session.request(5, "thread/inject_items", ["threadId": "01a2290f-3096-7223-9b4b-165cdedfdbe5", "items": []])
            #expect(await session.reply(to: 5)?["error"]?["message"] == "thread not found: 01a2290f-3096-7223-9b4b-165cdedfdbe5")
            try await session.request(6, "thread/inject_items", ["threadId": .string(thread)])
            #expect(await session.reply(to: 6)?["error"]?["message"] == "Invalid request: missing field `items`")
        }
        #expect(StateDirectoryReader(path: state.path).events("injected").isEmpty, "nothing was kept from a rejected call")
    }
}
