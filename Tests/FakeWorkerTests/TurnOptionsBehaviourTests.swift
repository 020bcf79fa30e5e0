import CodexAppServer
import ConformanceKit
import Foundation
import Testing
import TestSupport

/// `turn/start`'s `effort`, `serviceTier`, `outputSchema` and image inputs as codex 0.163.0
/// validates them (seen live in a loopback-only namespace): only an empty effort, a non-string
/// effort or tier, an unknown `detail`, an image without a reference and a remote URL are refused;
/// a turn that changes effort, tier or summary announces it with `thread/settings/updated`.
@Suite("Turn options and images")
struct TurnOptionsBehaviourTests {
    static let text: JSONValue = ["type": "text", "text": "REPLY:ok", "text_elements": []]

    @Test("the real refusals, with the real messages; any other effort, tier and schema start the turn")
    func refusals() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        _ = try await AppServerSession.run(FakeCodex.launch(stateDirectory: state.path)) { session in
            try await session.handshake()
            let thread = try await session.startThread()
            let refused: [(JSONObject, String)] = [
                (["effort": ""], "Invalid request: reasoning_effort must not be empty"),
                (["effort": 5], "Invalid request: invalid type: integer `5`, expected a string"),
                (["serviceTier": 5], "Invalid request: invalid type: integer `5`, expected a string"),
                (["input": [["type": "image", "url": "https://example.com/a.png"]]], "remote image URLs are not supported; use an inline data URL instead"),
                (["input": [["type": "image", "url": "data:image/png;base64,AAAA", "detail": "bogus"]]],
                 "Invalid request: unknown variant `bogus`, expected one of `auto`, `low`, `high`, `original`"),
                (["input": [["type": "image"]]], "Invalid request: data did not match any variant of untagged enum ImageReference"),
            ]
            var id: Int64 = 10
            for (extra, message) in refused {
                var params: JSONObject = ["threadId": .string(thread), "input": [Self.text]]
                params.merge(extra) { $1 }
                id += 1
                try await session.request(.integer(id), "turn/start", .object(params))
                #expect(await session.reply(to: .integer(id))?["error"]?["message"]?.stringValue == message, "\(extra)")
            }
            id += 1
            let image: JSONValue = ["type": "image", "url": "data:image/png;base64,@@@@"]
            try await session.request(.integer(id), "turn/start", [
                "threadId": .string(thread), "input": [image, Self.text], "effort": "bogus", "serviceTier": "flex",
                "outputSchema": ["type": "object"], "summary": "auto",
            ])
            #expect(await session.reply(to: .integer(id))?["result"]?["turn"]?["id"] != nil)
            await session.waitFor("turn/completed")
            let echoed = await session.all("item/started").first { $0["params"]?["item"]?["type"] == "userMessage" }
            #expect(echoed?["params"]?["item"]?["content"]?[0] == ["type": "image", "url": "data:image/png;base64,@@@@", "detail": nil])
            let updates = await session.all("thread/settings/updated").map { $0["params"]?["threadSettings"] }
            #expect(updates.count == 1)
            #expect(updates.first??["effort"] == "bogus")
            #expect(updates.first??["serviceTier"] == "flex")
            #expect(updates.first??["summary"] == "auto")
            #expect(updates.first??["collaborationMode"]?["settings"]?["reasoning_effort"] == "bogus")
        }
    }
}
