import Synchronization

/// The turns in flight: shutdown ends every one of them when the drain grace is over, and the
/// ``TurnClock`` ticks every live turn object.
///
/// Each entry holds its turn weakly: the registry never keeps a turn alive. A turn leaves the
/// stop list when it finishes, and the tick list when it is deallocated (a finished turn may
/// still be writing its last event, which its tick watches).
final class TurnRegistry: Sendable {
    private struct State {
        var nextKey = 0
        var stops: [Int: @Sendable (TurnOutcome) -> Void] = [:]
        var ticks: [Int: @Sendable (ContinuousClock.Instant) -> Void] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Registers a turn's stop and tick functions; returns the key to remove them with.
    func insert(stop: @escaping @Sendable (TurnOutcome) -> Void, tick: @escaping @Sendable (ContinuousClock.Instant) -> Void) -> Int {
        state.withLock { state in
            defer { state.nextKey += 1 }
            state.stops[state.nextKey] = stop
            state.ticks[state.nextKey] = tick
            return state.nextKey
        }
    }

    /// The turn finished: shutdown no longer waits for it (it is still ticked).
    func remove(_ key: Int) {
        state.withLock { _ = $0.stops.removeValue(forKey: key) }
    }

    /// The turn is gone: nothing of it is left to tick.
    func forget(_ key: Int) {
        state.withLock { state in
            state.stops.removeValue(forKey: key)
            state.ticks.removeValue(forKey: key)
        }
    }

    /// Turns not finished yet.
    var count: Int { state.withLock { $0.stops.count } }

    /// Asks every turn in flight to end with `outcome`; returns how many were asked.
    @discardableResult
    func stopAll(_ outcome: TurnOutcome) -> Int {
        let stops = state.withLock { Array($0.stops.values) }
        for stop in stops { stop(outcome) }
        return stops.count
    }

    /// Ticks every registered turn once.
    func tickAll(at now: ContinuousClock.Instant = .now) {
        let ticks = state.withLock { Array($0.ticks.values) }
        for tick in ticks { tick(now) }
    }
}
