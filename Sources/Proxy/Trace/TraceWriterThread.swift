import DequeModule
import Dispatch
import Foundation
import Synchronization

/// One dedicated thread that runs the trace buffer's blocking file work (write,
/// rename, directory scans, removals) in submission order, so none of it runs on Swift's
/// cooperative thread pool or on an event loop.
///
/// The thread ends once ``close()`` has been called and the queue is empty.
final class TraceWriterThread: Sendable {
    private struct Queue {
        var items: Deque<@Sendable () -> Void> = []
        var closed = false
    }

    /// Shared with the thread, which must not keep the owner alive.
    private final class Shared: Sendable {
        let queue = Mutex(Queue())
        let pending = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    init(name: String = "codex-proxy-trace") {
        let thread = Thread { [shared] in
            while true {
                shared.pending.wait()
                let next = shared.queue.withLock { state -> (@Sendable () -> Void)?? in
                    if let item = state.items.popFirst() { return .some(item) }
                    return state.closed ? .none : .some(nil)
                }
                guard let item = next else { return }
                item?()
            }
        }
        thread.name = name
        thread.start()
    }

    /// Queues `work`; dropped when the thread has been closed.
    func submit(_ work: @escaping @Sendable () -> Void) {
        let accepted = shared.queue.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.items.append(work)
            return true
        }
        if accepted { shared.pending.signal() }
    }

    /// Returns once everything submitted before the call has run.
    func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = shared.queue.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.items.append { continuation.resume() }
                return true
            }
            if accepted { shared.pending.signal() } else { continuation.resume() }
        }
    }

    /// Lets the thread finish what is queued, then end.
    func close() {
        let first = shared.queue.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { shared.pending.signal() }
    }

    deinit {
        close()
    }
}
