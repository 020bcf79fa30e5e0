import Foundation
import OrderedJSON
import Testing

/// Trace files that leak nothing and stay small (issue 10, findings 3, 4 and 8).
@Suite("Trace files leak nothing and stay small", .timeLimit(.minutes(2)))
struct TraceHygieneTests {
    static let secret = "sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12"
    /// An API key sent as the request id: well-formed, so it is accepted and echoed.
    static let secretRequestID = "sk-proj-Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWxYz34"

    @Test("finding 4: a secret streamed in 2-character deltas, and an API key as X-Request-Id, leave no trace on disk or in logs")
    func splitSecretLeavesNoTrace() async throws {
        // The reply is the behaviour's (not in the request), so only the worker's deltas carry it.
        let behaviour: JSONValue = ["reply": .string("Here it is: \(Self.secret) (keep it safe)"), "chunkSize": 2]
        try await withTraceDirectory { directory in
            let environment = ["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": directory.path, "LOG_LEVEL": "debug"]
            try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
                let json = try await proxy.chat(ProxyHarness.chatBody("hi"), headers: [("X-Request-Id", Self.secretRequestID)])
                #expect(json.status == 200)
                #expect(try json.json["choices"]?[0]?["message"]?["content"]?.stringValue?.contains(Self.secret) == true)
                let stream = try await proxy.chat(ProxyHarness.chatBody("hi", stream: true), headers: [("X-Request-Id", Self.secretRequestID)])
                #expect(stream.events.last == .done)
                try await proxy.waitUntil("two trace files", timeout: .seconds(10)) { try traceFiles(in: directory).count == 2 }

                var everything = proxy.logs.rawText
                for file in try traceFiles(in: directory) {
                    #expect(!file.lastPathComponent.contains("sk-proj"), "a client's id in a file name: \(file.lastPathComponent)")
                    let bytes = Array(try Data(contentsOf: file))
                    everything += String(decoding: bytes, as: UTF8.self)
                    let document = try JSONParser().parse(bytes)
                    let events = try #require(document["events"]?.arrayValue)
                    // What a reader reassembles from the deltas must not hold the secret either.
                    let deltas = events.filter { $0["method"] == "item/agentMessage/delta" }
                    #expect(deltas.count == 1, "deltas of one item are one record")
                    #expect(deltas.first?["joined_deltas"]?.integerValue ?? 0 > 10)
                    let reassembled = deltas.compactMap { $0["params"]?["delta"]?.stringValue }.joined()
                    #expect(!reassembled.contains("Zx9Qw8"), "the joined text still holds the secret: \(reassembled)")
                    #expect(reassembled.contains("[REDACTED:"))
                    #expect(document["req_id"]?.stringValue?.contains("Ab1Cd2") == false, "the inbound id is recorded redacted")
                }
                for fragment in ["Zx9Qw8Er7Ty6", "Ab1Cd2Ef3Gh4"] {
                    #expect(!everything.contains(fragment), "\(fragment) was written down")
                }
            }
        }
    }

    @Test("finding 8: two concurrent requests with the same X-Request-Id write two distinct files")
    func sharedRequestIDGetsTwoFiles() async throws {
        try await withTraceDirectory { directory in
            let environment = ["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": directory.path]
            try await ProxyHarness.run(environment: environment) { proxy in
                async let first = proxy.chat(ProxyHarness.chatBody("say hi"), headers: [("X-Request-Id", "shared-id")])
                async let second = proxy.chat(ProxyHarness.chatBody("say hi"), headers: [("X-Request-Id", "shared-id")])
                #expect(try await [first.status, second.status] == [200, 200])
                try await proxy.waitUntil("two trace files", timeout: .seconds(10)) { try traceFiles(in: directory).count == 2 }
                let documents = try traceFiles(in: directory).map { try JSONParser().parse(Array(try Data(contentsOf: $0))) }
                #expect(documents.map { $0["req_id"] } == ["shared-id", "shared-id"])
                #expect(Set(documents.compactMap { $0["trace_id"]?.stringValue }).count == 2)
                #expect(try traceFiles(in: directory).allSatisfy { !$0.lastPathComponent.contains("shared-id") })
            }
        }
    }

    @Test("finding 3: a 200 KB reply in 4-character deltas writes one record per item, and PROXY_TRACE_MAX_BYTES caps the file with a marker")
    func largeReplyStaysSmall() async throws {
        let reply = String(repeating: "lorem ipsum dolor sit amet, ", count: 200 * 1024 / 28)
        let behaviour: JSONValue = ["reply": .string(reply), "chunkSize": 4]
        try await withTraceDirectory { directory in
            var environment = ["PROXY_TRACE_BUFFER": "true", "PROXY_TRACE_DIR": directory.path]
            try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
                // JSON, not SSE: the trace is the same (the worker's deltas), and 51k tiny SSE writes
                // are a different subject (the turn owner's write watchdog).
                let response = try await proxy.chat(ProxyHarness.chatBody("hi"))
                #expect(response.status == 200)
                try await proxy.waitUntil("a trace file", timeout: .seconds(10)) { try traceFiles(in: directory).count == 1 }
                let file = try #require(try traceFiles(in: directory).first)
                let size = try Data(contentsOf: file).count
                print("trace file for a \(reply.utf8.count)-byte reply in 4-character deltas: \(size) bytes")
                // A few whole copies of the reply (joined deltas, the completed item, …), nothing per delta.
                #expect(size < 4 * reply.utf8.count, "\(size) bytes")
                #expect(size <= 1_048_576)
            }
            try? FileManager.default.removeItem(at: directory)
            environment["PROXY_TRACE_MAX_BYTES"] = "65536"
            try await ProxyHarness.run(environment: environment, behaviour: behaviour) { proxy in
                let response = try await proxy.chat(ProxyHarness.chatBody("hi"))
                #expect(response.status == 200)
                try await proxy.waitUntil("a trace file", timeout: .seconds(10)) { try traceFiles(in: directory).count == 1 }
                let file = try #require(try traceFiles(in: directory).first)
                let bytes = Array(try Data(contentsOf: file))
                #expect(bytes.count <= 65_536, "\(bytes.count) bytes")
                let events = try #require(try JSONParser().parse(bytes)["events"]?.arrayValue)
                #expect(events.contains { $0["truncated"] == true || $0["type"] == "truncated" }, "a truncation marker")
                #expect(events.first?["method"] == "thread/start", "the start of the trace is kept")
            }
        }
    }

    func withTraceDirectory(_ body: (URL) async throws -> Void) async throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("traces-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: parent) }
        try await body(parent.appendingPathComponent("trace-buffer"))
    }

    func traceFiles(in directory: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
