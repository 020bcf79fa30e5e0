import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// `model/list` as codex 0.163.0 pages it (live-captures/model_list.jsonl), from the bundled
/// catalog or the behaviour document's `models`.
@Suite("Model list")
struct ModelListBehaviourTests {
    @Test("without models in the behaviour: the 0.163.0 catalog, 8 visible, 11 with hidden")
    func bundledCatalog() async throws {
        try await AppServerSession.run(FakeCodex.launch()) { session in
            try await session.handshake()
            try await session.request(1, "model/list", [:])
            let visible = await session.reply(to: 1)?["result"]?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(visible?.count == 8)
            #expect(visible?.first == "gpt-6.1-sol")
            try await session.request(2, "model/list", ["includeHidden": true])
            #expect(await session.reply(to: 2)?["result"]?["data"]?.arrayValue?.count == 11)
        }
    }

    @Test("pages follow limit and nextCursor; a bad cursor is refused with the real message")
    func paging() async throws {
        let behaviour = #"{"models": ["m-a", "m-b", "m-c", {"id": "m-hidden", "hidden": true}, "m-d"]}"#
        try await AppServerSession.run(FakeCodex.launch(behaviour: behaviour)) { session in
            try await session.handshake()
            var ids: [String] = []
            var cursor: JSONValue = .null
            for id in 1...5 {
                var params: JSONObject = ["limit": 2]
                if !cursor.isNull { params["cursor"] = cursor }
                try await session.request(.integer(Int64(id)), "model/list", .object(params))
                let result = try #require(await session.reply(to: .integer(Int64(id)))?["result"])
                ids += result["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                cursor = result["nextCursor"] ?? .null
                if cursor.isNull { break }
            }
            #expect(ids == ["m-a", "m-b", "m-c", "m-d"])
            try await session.request(9, "model/list", ["cursor": "garbage", "limit": 3])
            let error = await session.reply(to: 9)?["error"]
            #expect(error?["code"] == -32600)
            #expect(error?["message"] == "invalid cursor: garbage")
        }
    }
}
