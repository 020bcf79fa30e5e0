import DequeModule
import Synchronization

/// Admits at most `limit` turns at once; the rest wait in a bounded FIFO queue for a bounded time.
public final class ConcurrencyGate: Sendable {
    /// Why a caller was not admitted.
    public enum Rejection: Error, Sendable, Hashable {
        /// The queue already holds `queueLimit` waiters.
        case queueFull
        /// The caller waited the whole timeout without a slot freeing up.
        case timedOut
    }

    private struct Waiter {
        var token: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var active = 0
        var nextToken = 0
        var waiters = Deque<Waiter>()
    }

    public let limit: Int
    public let queueLimit: Int
    private let state = Mutex(State())

    public init(limit: Int, queueLimit: Int) {
        precondition(limit > 0)
        self.limit = limit
        self.queueLimit = queueLimit
    }

    /// Turns running and turns waiting.
    public var load: (active: Int, queued: Int) {
        state.withLock { ($0.active, $0.waiters.count) }
    }

    /// One admitted slot; releasing it more than once has no further effect, so every path that
    /// may end a turn can release it without counting who came first.
    public final class Permit: Sendable {
        private let gate: ConcurrencyGate
        private let released = Atomic(false)

        fileprivate init(gate: ConcurrencyGate) {
            self.gate = gate
        }

        /// Gives the slot back (once).
        public func release() {
            guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
            gate.release()
        }
    }

    /// Takes a slot, waiting up to `timeout` in the queue.
    public func acquire(timeout: Duration) async throws -> Permit {
        try await admit(timeout: timeout)
        return Permit(gate: self)
    }

    private func admit(timeout: Duration) async throws {
        enum Admission { case admitted, queued(Int), full }
        let admission = state.withLock { state -> Admission in
            if state.active < limit && state.waiters.isEmpty {
                state.active += 1
                return .admitted
            }
            guard state.waiters.count < queueLimit else { return .full }
            defer { state.nextToken += 1 }
            return .queued(state.nextToken)
        }
        switch admission {
        case .admitted:
            return
        case .full:
            throw Rejection.queueFull
        case .queued(let token):
            try await wait(token: token, timeout: timeout)
        }
    }

    /// Frees a slot, handing it straight to the longest waiter if there is one.
    private func release() {
        let next = state.withLock { state -> Waiter? in
            if let waiter = state.waiters.popFirst() {
                return waiter
            }
            state.active -= 1
            return nil
        }
        next?.continuation.resume()
    }

    private func wait(token: Int, timeout: Duration) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        let cancelled = self.state.withLock { state -> Bool in
                            guard !Task.isCancelled else { return true }
                            state.waiters.append(Waiter(token: token, continuation: continuation))
                            return false
                        }
                        if cancelled { continuation.resume(throwing: CancellationError()) }
                    }
                } onCancel: {
                    self.removeWaiter(token)?.resume(throwing: CancellationError())
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Rejection.timedOut
            }
            do {
                try await group.next()
                group.cancelAll()
            } catch {
                group.cancelAll()
                // The slot may have been handed over just as the wait ended: give it back.
                if await Self.admittedDespite(group: &group) { release() }
                throw error
            }
        }
    }

    /// After a failed wait, drains the group and reports whether the waiter was admitted anyway.
    private static func admittedDespite(group: inout ThrowingTaskGroup<Void, any Error>) async -> Bool {
        var admitted = false
        while let result = await group.nextResult() {
            if case .success = result { admitted = true }
        }
        return admitted
    }

    private func removeWaiter(_ token: Int) -> CheckedContinuation<Void, any Error>? {
        state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.token == token }) else { return nil }
            return state.waiters.remove(at: index).continuation
        }
    }
}
