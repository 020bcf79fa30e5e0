import DequeModule
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes lines to a file descriptor from a thread of its own, so that a blocking `write(2)`
/// (a pipe nobody reads, a slow disk) never stalls Swift's cooperative thread pool or the
/// request that logged.
///
/// The queue is bounded: when it is full, a new line is dropped and ``enqueue(_:)`` says so
/// (the caller counts it). Lines never wait for room; the writer thread is the only one that
/// waits.
final class BackgroundLineWriter: Sendable {
    /// The bounded line queue and the condition that wakes the writer thread.
    private final class LineQueue: Sendable {
        let wakeUp = NSCondition()
        let lines = Mutex(Deque<[UInt8]>())
        /// Lines queued but not yet written (taken batches included).
        let unwritten = Atomic(0)
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
        }

        /// Blocks the calling thread until lines are queued, then takes them all.
        func takeAll() -> Deque<[UInt8]> {
            wakeUp.lock()
            while lines.withLock({ $0.isEmpty }) { wakeUp.wait() }
            wakeUp.unlock()
            return lines.withLock { queued in
                defer { queued.removeAll(keepingCapacity: true) }
                return queued
            }
        }

        func append(_ line: [UInt8]) -> Bool {
            let queued = lines.withLock { queued -> Bool in
                guard queued.count < capacity else { return false }
                queued.append(line)
                unwritten.add(1, ordering: .relaxed)
                return true
            }
            guard queued else { return false }
            wakeUp.lock()
            wakeUp.signal()
            wakeUp.unlock()
            return true
        }
    }

    private let queue: LineQueue

    /// Starts the writer thread for `descriptor`; it lives as long as the process.
    init(descriptor: Int32, capacity: Int) {
        let queue = LineQueue(capacity: capacity)
        self.queue = queue
        let thread = Thread {
            while true {
                for line in queue.takeAll() {
                    FileDescriptorWriting.writeAll(line, to: descriptor)
                    queue.unwritten.subtract(1, ordering: .relaxed)
                }
            }
        }
        thread.name = "codex-proxy-log-writer"
        thread.start()
    }

    /// Queues `line`; returns `false` (dropped) when the queue is full.
    func enqueue(_ line: [UInt8]) -> Bool {
        queue.append(line)
    }

    /// Blocks until every queued line is written or `limit` passed (at exit, so the last lines
    /// reach the reader); returns whether everything was written.
    @discardableResult
    func flush(upTo limit: Duration) -> Bool {
        let deadline = ContinuousClock.now + limit
        while queue.unwritten.load(ordering: .relaxed) > 0 {
            guard ContinuousClock.now < deadline else { return false }
            usleep(2_000)
        }
        return true
    }
}
