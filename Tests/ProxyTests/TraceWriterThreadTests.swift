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

    @Test("work runs in submission order; delayed work joins the queue once its delay has passed")
    func delayedWorkRunsLater() async throws {
        let thread = TraceWriterThread(name: "trace-writer-test")
        let log = Log()
        thread.submit(after: .milliseconds(200)) { log.append("delayed") }
        thread.submit { log.append("first") }
        thread.submit { log.append("second") }
        await thread.drain()
        #expect(log.all == ["first", "second"], "a drain does not wait for delayed work")
        let deadline = ContinuousClock.now + .seconds(10)
        while log.all.count < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(log.all == ["first", "second", "delayed"])
        thread.close()
    }

    @Test("closing runs delayed work at once, then ends; later submissions are dropped")
    func closeRunsDelayedWork() async throws {
        let thread = TraceWriterThread(name: "trace-writer-test")
        let log = Log()
        let started = ContinuousClock.now
        thread.submit(after: .seconds(3600)) { log.append("delayed") }
        thread.close()
        thread.submit { log.append("after close") }
        while log.all.isEmpty, ContinuousClock.now - started < .seconds(10) { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.all == ["delayed"])
    }
}
