import CodexAppServer
import Foundation
import Logging
import OrderedJSON
@testable import Proxy
import Redaction
import Synchronization
import Testing

/// The trace buffer on a real directory, with a clock the test controls.
@Suite("Trace buffer", .timeLimit(.minutes(1)))
struct TraceBufferTests {
    /// A clock that starts now and moves only when told.
    final class TestClock: Sendable {
        private let current = Mutex(Date())
        func now() -> Date { current.withLock { $0 } }
        func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    struct Fixture {
        let directory: URL
        let clock = TestClock()
        let logs = LogCapture()
        let buffer: TraceBuffer

        init(maxFiles: Int = 100, maxAge: Duration = .seconds(86_400), directory: URL? = nil) throws {
            let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("trace-test-\(UUID().uuidString.prefix(8))/buffer")
            self.directory = directory
            let configuration = TraceBufferConfiguration(
                enabled: true, directory: directory.path, maxAge: maxAge, maxFiles: maxFiles, pruneInterval: .seconds(60)
            )
            let redactor = try Redactor()
            let logger = ProxyLogging.logger(level: .debug, format: .json, redactor: redactor, writer: logs.writer)
            let clock = self.clock
            buffer = TraceBuffer(configuration: configuration, redactor: redactor, logger: logger, now: { clock.now() })
        }

        func write(_ requestID: String, text: String = "hello") {
            let recorder = buffer.recorder(requestID: requestID)
            recorder.record(.request(RPCRequest(id: .integer(1), method: "turn/start", params: ["input": [["type": "text", "text": .string(text)]]])), direction: .toWorker)
            recorder.record(.response(RPCResponse(id: .integer(1), result: ["turn": ["id": "t"]])), direction: .fromWorker)
            buffer.write(recorder)
        }

        var files: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
        }
    }

    @Test("each write is one 0600 file named after the time and request id, in a 0700 directory, with no temporary left")
    func fileLayout() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        fixture.write("req_abc")
        #expect(fixture.files.count == 1)
        let name = try #require(fixture.files.first)
        #expect(name.range(of: #"^\d{8}T\d{6}\.\d{3}Z-req_abc\.json$"#, options: .regularExpression) != nil, "\(name)")
        let path = fixture.directory.appendingPathComponent(name).path
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: fixture.directory.path)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let document = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(document.objectValue.map { Array($0.keys) } == ["req_id", "timestamp", "events"])
    }

    @Test("user text is redacted before it reaches the disk")
    func redactsBeforeWriting() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        fixture.write("req_secret", text: "my key sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12 ok")
        let text = try String(contentsOf: fixture.directory.appendingPathComponent(fixture.files[0]), encoding: .utf8)
        #expect(!text.contains("sk-proj-Zx9Q"))
        #expect(text.contains("[REDACTED:"))
    }

    @Test("beyond the file limit the oldest are pruned and trace_pruned says why")
    func pruneByCount() throws {
        let fixture = try Fixture(maxFiles: 3)
        defer { fixture.cleanUp() }
        for index in 1...5 {
            fixture.write("req_\(index)")
            fixture.clock.advance(by: 1)
        }
        #expect(fixture.files.map { String($0.split(separator: "-").last!) } == ["req_3.json", "req_4.json", "req_5.json"])
        let prunes = fixture.logs.entries.filter { $0["event"] == "trace_pruned" }
        #expect(prunes.count == 2)
        #expect(prunes.allSatisfy { $0["reason"] == "count" && $0["pruned"] == 1 && $0["remaining"] == 3 })
    }

    @Test("files older than the TTL are pruned on the next prune, by age")
    func pruneByAge() throws {
        let fixture = try Fixture(maxAge: .seconds(3600))
        defer { fixture.cleanUp() }
        fixture.write("req_old_1")
        fixture.write("req_old_2")
        fixture.clock.advance(by: 1800)
        fixture.buffer.prune()
        #expect(fixture.files.count == 2)
        fixture.clock.advance(by: 1801)
        fixture.buffer.prune()
        #expect(fixture.files.isEmpty)
        let prune = try #require(fixture.logs.entries.last { $0["event"] == "trace_pruned" })
        #expect(prune["reason"] == "age")
        #expect(prune["pruned"] == 2)
    }

    @Test("an unwritable directory logs one error and never throws")
    func unwritableDirectory() throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("trace-blocker-\(UUID().uuidString.prefix(8))")
        try Data("a file, not a directory".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let fixture = try Fixture(directory: blocker.appendingPathComponent("buffer"))
        for index in 1...3 { fixture.write("req_\(index)") }
        #expect(fixture.logs.entries.filter { $0["event"] == "trace_write_failed" }.count == 1)
        try fixture.logs.validateAgainstSchema()
    }

    @Test("many concurrent writers each get a complete file")
    func concurrentWrites() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask { fixture.write("req_concurrent_\(index)") }
            }
        }
        #expect(fixture.files.count == 64)
        for name in fixture.files {
            let data = try Data(contentsOf: fixture.directory.appendingPathComponent(name))
            #expect((try? JSONParser().parse(Array(data))) != nil, "\(name) is complete JSON")
        }
    }
}
