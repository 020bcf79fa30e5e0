import Synchronization

/// The turns in flight, so that shutdown can end every one of them when the drain grace is over.
///
/// Each entry is a stop function holding its turn weakly: the registry never keeps a turn alive.
final class TurnRegistry: Sendable {
    private struct State {
        var nextKey = 0
        var stops: [Int: @Sendable (TurnOutcome) -> Void] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// Registers a turn's stop function; returns the key to remove it with.
    func insert(stop: @escaping @Sendable (TurnOutcome) -> Void) -> Int {
        state.withLock { state in
            defer { state.nextKey += 1 }
            state.stops[state.nextKey] = stop
            return state.nextKey
        }
    }

    func remove(_ key: Int) {
        state.withLock { _ = $0.stops.removeValue(forKey: key) }
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
}
