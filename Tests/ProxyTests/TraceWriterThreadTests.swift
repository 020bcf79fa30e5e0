@testable import Proxy
import Synchronization
import Testing

/// The trace buffer's writer thread: order of immediate and delayed work, and closing.
@Suite("Trace writer thread", .timeLimit(.minutes(1)))
struct TraceWriterThreadTests {
    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test("work runs in submission order; delayed work joins the queue once its delay has passed, and at once on close")
    func delayedWorkRunsLater() async throws {
        let thread = TraceWriterThread(name: "trace-writer-test")
        let log = Log()
        thread.submit(after: .seconds(3600)) { log.append("an hour later") }
        thread.submit(after: .milliseconds(50)) { log.append("delayed") }
        thread.submit { log.append("first") }
        thread.submit { log.append("second") }
        await thread.drain()
        #expect(Array(log.all.prefix(2)) == ["first", "second"], "immediate work first, in order")
        #expect(!log.all.contains("an hour later"))
        try await waitUntil { log.all.contains("delayed") }
        #expect(log.all == ["first", "second", "delayed"])
        thread.close()
        try await waitUntil { log.all.count == 4 }
        #expect(log.all.last == "an hour later", "closing runs what still waits")
    }

    @Test("after close, submissions are dropped")
    func submissionsAfterCloseAreDropped() async throws {
        let thread = TraceWriterThread(name: "trace-writer-test")
        let log = Log()
        thread.close()
        thread.submit { log.append("after close") }
        thread.submit(after: .milliseconds(10)) { log.append("delayed after close") }
        await thread.drain()
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.all.isEmpty)
    }

    /// Polls `condition` every 10 ms for up to ten seconds.
    private func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition(), "timed out")
    }
}
