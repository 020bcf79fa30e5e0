@testable import CodexWorker
import Testing

@Suite("Restart policy: backoff and restart intensity")
struct RestartPolicyTests {
    @Test("backoff doubles from the initial delay and stops at the maximum")
    func backoffDoublesToTheMaximum() {
        let policy = BackoffPolicy(initial: .milliseconds(250), maximum: .seconds(5))
        let delays = (1...8).map { policy.delay(attempt: $0).milliseconds }
        #expect(delays == [250, 500, 1000, 2000, 4000, 5000, 5000, 5000])
    }

    @Test("jitter adds at most its fraction of the delay")
    func jitterIsBounded() {
        let policy = BackoffPolicy(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0.5)
        #expect(policy.delay(attempt: 1, random: 0).milliseconds == 100)
        #expect(policy.delay(attempt: 1, random: 1).milliseconds == 150)
        #expect(policy.delay(attempt: 5, random: 1).milliseconds == 1500)
    }

    @Test("more than `limit` exits within the window exceed the limit; older ones fall out")
    func restartIntensity() {
        var tracker = RestartTracker(limit: 3, window: .seconds(10), resetAfter: .seconds(30))
        let start = ContinuousClock.now
        let verdicts = (0..<4).map { second in tracker.recordExit(at: start + .seconds(second), readyFor: nil) }
        #expect(verdicts == [true, true, true, false], "the fourth exit in 10 s exceeds the limit")
        var later = RestartTracker(limit: 3, window: .seconds(10), resetAfter: .seconds(30))
        for second in [0, 1, 2] { _ = later.recordExit(at: start + .seconds(second), readyFor: nil) }
        let afterWindow = later.recordExit(at: start + .seconds(15), readyFor: nil)
        #expect(afterWindow, "the first three left the window")
    }

    @Test("a worker that stayed ready long enough resets the streak")
    func streakReset() {
        var tracker = RestartTracker(limit: 100, window: .seconds(60), resetAfter: .seconds(30))
        let now = ContinuousClock.now
        _ = tracker.recordExit(at: now, readyFor: nil)
        _ = tracker.recordExit(at: now, readyFor: .seconds(1))
        #expect(tracker.streak == 2)
        _ = tracker.recordExit(at: now, readyFor: .seconds(31))
        #expect(tracker.streak == 1)
    }
}
