import DequeModule
import Dispatch
import Foundation
import CodexWorker
import Synchronization

/// One dedicated thread that runs the trace buffer's blocking file work (write,
/// rename, directory scans, removals) in submission order, so none of it runs on Swift's
/// cooperative thread pool or on an event loop.
///
/// Work submitted with a delay joins the queue when its time comes (or at once when the thread
/// is closed). The thread ends once ``close()`` has been called and nothing is left.
final class TraceWriterThread: Sendable {
    typealias Work = @Sendable () -> Void

    private struct Queue {
        var items: Deque<Work> = []
        /// Delayed work, in no particular order (there is rarely more than one).
        var timed: [(due: ContinuousClock.Instant, work: Work)] = []
        var closed = false

        enum Next {
            case run(Work)
            case wait(until: ContinuousClock.Instant?)
            case finish
        }

        /// Moves due (or, once closed, all) delayed work to the queue, then says what to do.
        mutating func next(now: ContinuousClock.Instant) -> Next {
            if !timed.isEmpty {
                let due = timed.indices.filter { closed || timed[$0].due <= now }.sorted { timed[$0].due < timed[$1].due }
                items.append(contentsOf: due.map { timed[$0].work })
                for index in due.sorted(by: >) { timed.remove(at: index) }
            }
            if let item = items.popFirst() { return .run(item) }
            if closed { return .finish }
            return .wait(until: timed.map(\.due).min())
        }
    }

    /// Shared with the thread, which must not keep the owner alive.
    private final class Shared: Sendable {
        let queue = Mutex(Queue())
        /// Signalled on every submission and on close; a wait may wake for nothing (then the
        /// thread just looks again).
        let wakeUp = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()

    init(name: String = "codex-proxy-trace") {
        let thread = Thread { [shared] in
            while true {
                let now = ContinuousClock.now
                switch shared.queue.withLock({ $0.next(now: now) }) {
                case .run(let work):
                    work()
                case .wait(until: nil):
                    shared.wakeUp.wait()
                case .wait(until: let due?):
                    let microseconds = max(0, ((due - now).seconds * 1e6).rounded(.up))
                    _ = shared.wakeUp.wait(timeout: .now() + .microseconds(Int(min(microseconds, 3.6e9))))
                case .finish:
                    return
                }
            }
        }
        thread.name = name
        thread.start()
    }

    /// Queues `work`; dropped when the thread has been closed.
    func submit(_ work: @escaping Work) {
        submit(after: .zero, work)
    }

    /// Queues `work` to run once `delay` has passed (and what was queued before it has run);
    /// dropped when the thread has been closed, run at once when it is closed while waiting.
    func submit(after delay: Duration, _ work: @escaping Work) {
        let accepted = shared.queue.withLock { state -> Bool in
            guard !state.closed else { return false }
            if delay > .zero {
                state.timed.append((ContinuousClock.now + delay, work))
            } else {
                state.items.append(work)
            }
            return true
        }
        if accepted { shared.wakeUp.signal() }
    }

    /// Returns once everything submitted without a delay before the call has run.
    func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let accepted = shared.queue.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.items.append { continuation.resume() }
                return true
            }
            if accepted { shared.wakeUp.signal() } else { continuation.resume() }
        }
    }

    /// Lets the thread finish what is queued (delayed work included, at once), then end.
    func close() {
        let first = shared.queue.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        if first { shared.wakeUp.signal() }
    }

    deinit {
        close()
    }
}
