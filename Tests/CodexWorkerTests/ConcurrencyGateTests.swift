@testable import CodexWorker
import Testing

/// Records in which order waiters got in.
actor AdmissionOrder {
    private(set) var indices: [Int] = []
    func append(_ index: Int) { indices.append(index) }
}

@Suite("ConcurrencyGate", .timeLimit(.minutes(1)))
struct ConcurrencyGateTests {
    @Test("slots beyond the limit wait; a full queue refuses at once")
    func limitAndQueue() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 1)
        let first = try await gate.acquire(timeout: .seconds(1))
        let waiting = Task { try await gate.acquire(timeout: .seconds(5)) }
        while gate.load.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
        await #expect(throws: ConcurrencyGate.Rejection.queueFull) { _ = try await gate.acquire(timeout: .seconds(1)) }
        first.release()
        let second = try await waiting.value
        #expect(gate.load == (1, 0))
        second.release()
        #expect(gate.load == (0, 0))
    }

    @Test("a waiter that times out leaves the queue and gets timedOut")
    func timeout() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 4)
        let held = try await gate.acquire(timeout: .seconds(1))
        await #expect(throws: ConcurrencyGate.Rejection.timedOut) { _ = try await gate.acquire(timeout: .milliseconds(30)) }
        #expect(gate.load == (1, 0))
        held.release()
        #expect(gate.load == (0, 0))
    }

    @Test("waiters are admitted in arrival order")
    func fifo() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 10)
        let held = try await gate.acquire(timeout: .seconds(1))
        let order = AdmissionOrder()
        var tasks: [Task<Void, any Error>] = []
        for index in 0..<5 {
            tasks.append(Task {
                let permit = try await gate.acquire(timeout: .seconds(5))
                await order.append(index)
                permit.release()
            })
            while gate.load.queued < index + 1 { try await Task.sleep(for: .milliseconds(1)) }
        }
        held.release()
        for task in tasks { try await task.value }
        #expect(await order.indices == [0, 1, 2, 3, 4])
    }

    @Test("releasing a permit twice frees one slot, not two")
    func idempotentRelease() async throws {
        let gate = ConcurrencyGate(limit: 2, queueLimit: 0)
        let permit = try await gate.acquire(timeout: .seconds(1))
        let other = try await gate.acquire(timeout: .seconds(1))
        permit.release()
        permit.release()
        #expect(gate.load == (1, 0))
        other.release()
        #expect(gate.load == (0, 0))
    }

    @Test("a cancelled waiter leaves the queue")
    func cancellation() async throws {
        let gate = ConcurrencyGate(limit: 1, queueLimit: 4)
        let held = try await gate.acquire(timeout: .seconds(1))
        let waiter = Task { try await gate.acquire(timeout: .seconds(10)) }
        while gate.load.queued == 0 { try await Task.sleep(for: .milliseconds(1)) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        #expect(gate.load == (1, 0))
        held.release()
    }
}
