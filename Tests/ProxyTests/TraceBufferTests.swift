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

        init(maxFiles: Int = 100, maxAge: Duration = .seconds(86_400), batchWindow: Duration = .milliseconds(500), directory: URL? = nil) throws {
            let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("trace-test-\(UUID().uuidString.prefix(8))/buffer")
            self.directory = directory
            let configuration = TraceBufferConfiguration(
                enabled: true, directory: directory.path, maxAge: maxAge, maxFiles: maxFiles, pruneInterval: .seconds(60), batchWindow: batchWindow
            )
            let redactor = try Redactor()
            let logger = ProxyLogging.logger(level: .debug, format: .json, redactor: redactor, writer: logs.writer)
            let clock = self.clock
            buffer = TraceBuffer(configuration: configuration, redactor: redactor, logger: logger, now: { clock.now() })
        }

        /// Writes one trace and waits until the writer thread has finished it; returns its trace id.
        @discardableResult
        func write(_ requestID: String, text: String = "hello") async -> String {
            let traceID = queue(requestID, text: text)
            await buffer.flush()
            return traceID
        }

        /// Hands one trace to the buffer without waiting for its batch; returns its trace id.
        @discardableResult
        func queue(_ requestID: String, text: String = "hello") -> String {
            let recorder = buffer.recorder(requestID: requestID)
            recorder.record(.request(RPCRequest(id: .integer(1), method: "turn/start", params: ["input": [["type": "text", "text": .string(text)]]])), direction: .toWorker)
            recorder.record(.response(RPCResponse(id: .integer(1), result: ["turn": ["id": "t"]])), direction: .fromWorker)
            buffer.write(recorder)
            return recorder.traceID
        }

        /// The trace ids of the files on disk, oldest first.
        var traceIDs: [String] {
            files.map { String($0.split(separator: "-").last!.dropLast(".json".count)) }
        }

        func prune() async {
            buffer.prune()
            await buffer.flush()
        }

        var files: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
        }
    }

    @Test("each write is one 0600 file named after the time and the proxy's own trace id, in a 0700 directory, with no temporary left")
    func fileLayout() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let traceID = await fixture.write("req_abc")
        #expect(fixture.files.count == 1)
        let name = try #require(fixture.files.first)
        #expect(traceID.range(of: #"^req_[0-9a-f]{24}$"#, options: .regularExpression) != nil)
        #expect(name.range(of: #"^\d{8}T\d{6}\.\d{3}Z-\#(traceID)\.json$"#, options: .regularExpression) != nil, "\(name)")
        let path = fixture.directory.appendingPathComponent(name).path
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: fixture.directory.path)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let document = try JSONParser().parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(document.objectValue.map { Array($0.keys) } == ["req_id", "trace_id", "timestamp", "events"])
        #expect(document["req_id"] == "req_abc")
        #expect(document["trace_id"]?.stringValue == traceID)
        let timestamp = try #require(document["timestamp"]?.stringValue)
        #expect(timestamp.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil, "\(timestamp)")
        #expect(name.hasPrefix(timestamp.filter { $0 != "-" && $0 != ":" }), "the file name starts with the document's time: \(name), \(timestamp)")
    }

    @Test("user text is redacted before it reaches the disk")
    func redactsBeforeWriting() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        await fixture.write("req_secret", text: "my key sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm12 ok")
        let text = try String(contentsOf: fixture.directory.appendingPathComponent(fixture.files[0]), encoding: .utf8)
        #expect(!text.contains("sk-proj-Zx9Q"))
        #expect(text.contains("[REDACTED:"))
    }

    @Test("beyond the file limit the oldest are pruned on each write, and the timer's prune logs trace_pruned with the count")
    func pruneByCount() async throws {
        let fixture = try Fixture(maxFiles: 3)
        defer { fixture.cleanUp() }
        var traceIDs: [String] = []
        for index in 1...5 {
            traceIDs.append(await fixture.write("req_\(index)"))
            fixture.clock.advance(by: 1)
        }
        #expect(fixture.files.map { String($0.split(separator: "-").last!) } == traceIDs.suffix(3).map { "\($0).json" })
        #expect(fixture.logs.entries.filter { $0["event"] == "trace_pruned" }.isEmpty, "no log line per request")
        await fixture.prune()
        let prunes = fixture.logs.entries.filter { $0["event"] == "trace_pruned" }
        #expect(prunes.count == 1)
        #expect(prunes.allSatisfy { $0["reason"] == "count" && $0["pruned"] == 2 && $0["remaining"] == 3 })
    }

    @Test("issue 14: writes keep the index without listing the directory; the timer's rescan picks up outside changes")
    func indexWithoutDirectoryScans() async throws {
        let fixture = try Fixture(maxFiles: 2)
        defer { fixture.cleanUp() }
        await fixture.write("req_1")
        // A file the index does not know (as if left by an earlier run) stays until the rescan.
        let stray = fixture.directory.appendingPathComponent("20000101T000000.000Z-req_000000000000000000000000.json")
        try Data("{}".utf8).write(to: stray)
        await fixture.write("req_2")
        #expect(fixture.files.count == 3)
        await fixture.prune()
        #expect(fixture.files.count == 2)
        #expect(!fixture.files.contains(stray.lastPathComponent), "the rescan found the oldest file")
    }

    @Test("files older than the TTL are pruned on the next prune, by age")
    func pruneByAge() async throws {
        let fixture = try Fixture(maxAge: .seconds(3600))
        defer { fixture.cleanUp() }
        await fixture.write("req_old_1")
        await fixture.write("req_old_2")
        fixture.clock.advance(by: 1800)
        await fixture.prune()
        #expect(fixture.files.count == 2)
        fixture.clock.advance(by: 1801)
        await fixture.prune()
        #expect(fixture.files.isEmpty)
        let prune = try #require(fixture.logs.entries.last { $0["event"] == "trace_pruned" })
        #expect(prune["reason"] == "age")
        #expect(prune["pruned"] == 2)
    }

    @Test("an unwritable directory logs one error and never throws")
    func unwritableDirectory() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("trace-blocker-\(UUID().uuidString.prefix(8))")
        try Data("a file, not a directory".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let fixture = try Fixture(directory: blocker.appendingPathComponent("buffer"))
        for index in 1...3 { await fixture.write("req_\(index)") }
        #expect(fixture.logs.entries.filter { $0["event"] == "trace_write_failed" }.count == 1)
        try fixture.logs.validateAgainstSchema()
    }

    @Test("many concurrent writers each get a complete file")
    func concurrentWrites() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask { await fixture.write("req_concurrent_\(index)") }
            }
        }
        #expect(fixture.files.count == 64)
        for name in fixture.files {
            let data = try Data(contentsOf: fixture.directory.appendingPathComponent(name))
            #expect((try? JSONParser().parse(Array(data))) != nil, "\(name) is complete JSON")
        }
    }

    @Test("issue 14: a trace after a quiet spell is written at once; one inside the batch window waits for the next batch")
    func batchWindow() async throws {
        let fixture = try Fixture(batchWindow: .seconds(60))
        defer { fixture.cleanUp() }
        let first = fixture.queue("req_first")
        try await waitUntil("the first trace is on disk") { fixture.traceIDs == [first] }
        fixture.clock.advance(by: 1)
        let second = fixture.queue("req_second")
        // The window is a minute long: well after the write, the second trace still waits.
        try await Task.sleep(for: .milliseconds(300))
        #expect(fixture.traceIDs == [first])
        await fixture.buffer.flush()
        #expect(fixture.traceIDs == [first, second], "a flush writes what waits")
    }

    @Test("issue 14: traces that newer ones push past the file limit before their batch are never written and count as pruned")
    func displacedBeforeTheBatch() async throws {
        let fixture = try Fixture(maxFiles: 3, batchWindow: .seconds(60))
        defer { fixture.cleanUp() }
        let first = fixture.queue("req_0")
        try await waitUntil("the first trace is on disk") { fixture.traceIDs == [first] }
        var queued: [String] = []
        for index in 1...5 {
            fixture.clock.advance(by: 1)
            queued.append(fixture.queue("req_\(index)"))
        }
        await fixture.buffer.flush()
        #expect(fixture.traceIDs == Array(queued.suffix(3)), "the newest three, in order")
        await fixture.prune()
        let prunes = fixture.logs.entries.filter { $0["event"] == "trace_pruned" }
        #expect(prunes.count == 1)
        #expect(prunes.first?["reason"] == "count")
        #expect(prunes.first?["pruned"] == 3, "two displaced while waiting, one file removed")
        #expect(prunes.first?["remaining"] == 3)
    }

    /// Polls `condition` every 20 ms for up to ten seconds.
    private func waitUntil(_ what: String, condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
