import DequeModule
import Synchronization

/// Admits at most `limit` turns at once; the rest wait in a bounded FIFO queue for a bounded time.
///
/// Every decision — admit, queue, hand a freed slot to the longest waiter, withdraw a waiter
/// that timed out or was cancelled — happens under one lock, so a slot freed while a caller is
/// being queued is never lost, and a slot is never handed to two callers.
public final class ConcurrencyGate: Sendable {
    /// Why a caller was not admitted.
    public enum Rejection: Error, Sendable, Hashable {
        /// The queue already holds `queueLimit` waiters.
        case queueFull
        /// The caller waited the whole timeout without a slot freeing up.
        case timedOut
        /// The gate was closed (shutdown): it admits nobody any more.
        case closed
    }

    private struct Waiter {
        var token: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var active = 0
        var nextToken = 0
        var closed = false
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

    /// Takes a slot, waiting up to `timeout` in the queue. A slot handed over just as the wait
    /// times out is kept (the caller is admitted); a cancelled caller never keeps one.
    public func acquire(timeout: Duration) async throws -> Permit {
        let token = state.withLock { state -> Int in
            defer { state.nextToken += 1 }
            return state.nextToken
        }
        let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.wait(token: token)
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            if first {
                group.cancelAll()
                return true
            }
            // Timed out (or cancelled): withdraw the waiter unless a slot reached it meanwhile.
            self.withdraw(token, with: Task.isCancelled ? CancellationError() : Rejection.timedOut)
            return try await group.next() ?? false
        }
        let permit = Permit(gate: self)
        guard admitted else { throw Rejection.timedOut }
        if Task.isCancelled {
            permit.release()
            throw CancellationError()
        }
        return permit
    }

    /// Rejects every waiter and every later caller with ``Rejection/closed`` (shutdown); slots
    /// already held stay until released.
    public func close() {
        let waiters = state.withLock { state -> Deque<Waiter> in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Rejection.closed) }
    }

    /// Admits at once, queues, or refuses, in one step under the lock.
    private func wait(token: Int) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case admitted, queued, refused(any Error) }
                let decision = state.withLock { state -> Decision in
                    if Task.isCancelled { return .refused(CancellationError()) }
                    if state.closed { return .refused(Rejection.closed) }
                    if state.active < limit && state.waiters.isEmpty {
                        state.active += 1
                        return .admitted
                    }
                    guard state.waiters.count < queueLimit else { return .refused(Rejection.queueFull) }
                    state.waiters.append(Waiter(token: token, continuation: continuation))
                    return .queued
                }
                switch decision {
                case .admitted: continuation.resume()
                case .queued: break
                case .refused(let error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            withdraw(token, with: CancellationError())
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

    /// Removes a waiter still in the queue and resumes it with `error`; a waiter already handed
    /// a slot is not in the queue any more and is left alone.
    private func withdraw(_ token: Int, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.token == token }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }
}
