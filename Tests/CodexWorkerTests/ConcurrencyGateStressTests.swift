@testable import CodexWorker
import Synchronization
import TestSupport
import Testing

/// Many tasks acquiring, cancelling, timing out and releasing at once never lose a slot, never
/// hand one out twice and never exceed the limit.
@Suite("ConcurrencyGate under contention", .timeLimit(.minutes(2)))
struct ConcurrencyGateStressTests {
    /// Holders at this moment and the most ever seen at once.
    final class Occupancy: Sendable {
        private let state = Mutex((current: 0, peak: 0, admitted: 0))

        func enter() {
            state.withLock {
                $0.current += 1
                $0.peak = max($0.peak, $0.current)
                $0.admitted += 1
            }
        }

        func leave() { state.withLock { $0.current -= 1 } }

        var snapshot: (current: Int, peak: Int, admitted: Int) { state.withLock { $0 } }
    }

    @Test("thousands of acquire / cancel / timeout / release from many tasks leave no slot and no waiter behind", arguments: [1, 3, 8])
    func randomizedContention(limit: Int) async throws {
        let gate = ConcurrencyGate(limit: limit, queueLimit: 64)
        let occupancy = Occupancy()
        var generator = SplitMix(seed: UInt64(limit) * 7919)
        let plans = (0..<3000).map { _ in (action: generator.next() % 4, holdMicros: Int(generator.next() % 300), waitMicros: Int(generator.next() % 2000)) }
        // Invariant, read under the gate's lock: nobody waits while a slot is free (a lost wakeup).
        let violations = Mutex(0)
        let monitor = Task {
            while !Task.isCancelled {
                let load = gate.load
                if load.active < limit && load.queued > 0 { violations.withLock { $0 += 1 } }
                await Task.yield()
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for plan in plans {
                let task = Task {
                    guard let permit = try? await gate.acquire(timeout: .microseconds(plan.action == 0 ? plan.waitMicros : 500_000)) else { return }
                    occupancy.enter()
                    try? await Task.sleep(for: .microseconds(plan.holdMicros))
                    occupancy.leave()
                    permit.release()
                    // A second release must change nothing.
                    if plan.action == 1 { permit.release() }
                }
                group.addTask {
                    if plan.action == 2 {
                        // Cancel while queued or while holding: races the release of others.
                        try? await Task.sleep(for: .microseconds(plan.waitMicros / 4))
                        task.cancel()
                    }
                    await task.value
                }
            }
        }
        monitor.cancel()
        let result = occupancy.snapshot
        #expect(violations.withLock { $0 } == 0, "a waiter was queued while a slot was free")
        #expect(result.peak <= limit, "never more holders than the limit")
        #expect(result.current == 0)
        #expect(result.admitted > 0)
        #expect(gate.load == (0, 0), "no slot leaked, no waiter left behind")
        // Every slot is still usable: the gate admits `limit` holders at once again.
        var permits: [ConcurrencyGate.Permit] = []
        for _ in 0..<limit { permits.append(try await gate.acquire(timeout: .milliseconds(1))) }
        await #expect(throws: ConcurrencyGate.Rejection.timedOut) { _ = try await gate.acquire(timeout: .milliseconds(1)) }
        permits.forEach { $0.release() }
    }

    @Test("a closed gate refuses its waiters and every later caller, and keeps the slots it handed out")
    func closeRejectsWaiters() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 4)
        let held = try await gate.acquire(timeout: .seconds(1))
        let waiter = Task { try await gate.acquire(timeout: .seconds(30)) }
        while gate.load.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
        gate.close()
        await #expect(throws: ConcurrencyGate.Rejection.closed) { _ = try await waiter.value }
        await #expect(throws: ConcurrencyGate.Rejection.closed) { _ = try await gate.acquire(timeout: .seconds(1)) }
        #expect(gate.load == (1, 0))
        held.release()
        #expect(gate.load == (0, 0))
    }
}
