import Logging
import Synchronization

/// The API keys in force and their limiter state, replaced whole by a reload.
///
/// A presented key is hashed and looked up in one dictionary access. A reload re-reads
/// `PROXY_API_KEYS_FILE`: a valid file replaces the set (a key that keeps its name keeps its
/// buckets and in-flight count), an invalid one changes nothing. Requests already admitted hold
/// their key's state through their lease, so a reload never touches them.
public final class KeyRegistry: Sendable {
    /// Why a reload ran, for its log line.
    public enum Trigger: String, Sendable {
        case signal = "sighup", http, startup
    }

    /// What a successful reload changed (counts only, never keys).
    public struct Summary: Sendable, Equatable {
        public var keys: Int
        public var added: Int
        public var removed: Int
    }

    public let source: ProxyConfiguration.Keys.Source
    private let baseLimits: KeyLimits
    /// The clock the limiter and its leases read.
    let clock: RateLimitClock
    private let logger: Logger
    private let observer: KeyObserver
    private let keys: Mutex<[KeyDigest: KeyState]>

    /// Loads the keys of `configuration`; `nil` when no key is configured (the API is open).
    /// Throws when the key file is invalid, naming the line and field.
    public init?(
        configuration: ProxyConfiguration.Keys, clock: RateLimitClock = .continuous(), logger: Logger, observer: KeyObserver = KeyObserver()
    ) throws(KeyFileError) {
        self.source = configuration.source
        self.baseLimits = configuration.defaultLimits
        self.clock = clock
        self.logger = logger
        self.observer = observer
        let now = clock.now()
        switch configuration.source {
        case .none:
            return nil
        case .single(let key):
            keys = Mutex([KeyDigest(of: key): KeyState(name: "default", limits: configuration.defaultLimits, now: now)])
        case .file(let path):
            let file: KeyFile
            do throws(KeyFileError) {
                file = try KeyFileReader.load(path)
            } catch {
                var located = error
                located.file = path
                throw located
            }
            keys = Mutex(Self.states(for: file, base: configuration.defaultLimits, previous: [:], now: now))
        }
        let count = keys.withLock { $0.count }
        observer.reloaded(true, count)
        logger.notice("keys_loaded", metadata: ["component": "keys", "keys": .stringConvertible(count), "trigger": "startup"])
    }

    /// The key whose SHA-256 matches `token`, if any.
    public func authenticate(_ token: String) -> KeyState? {
        let digest = KeyDigest(of: token)
        return keys.withLock { $0[digest] }
    }

    /// The names of the keys in force, sorted.
    public var names: [String] {
        keys.withLock { $0.values.map(\.name) }.sorted()
    }

    /// The clock the limiter reads.
    public var now: Duration { clock.now() }

    /// Re-reads the key file; logs `keys_reloaded` or `keys_reload_failed` and reports to the observer.
    public func reload(trigger: Trigger) async -> Result<Summary, KeyFileError> {
        guard case .file(let path) = source else {
            return .failure(KeyFileError(problem: "no PROXY_API_KEYS_FILE is configured; there is nothing to reload"))
        }
        let loaded = await KeyFileReader.loadOffThePool(path)
        let summary: Summary
        switch loaded {
        case .failure(let error):
            let count = keys.withLock { $0.count }
            observer.reloaded(false, count)
            var metadata: Logger.Metadata = [
                "component": "keys", "trigger": .string(trigger.rawValue), "error": .string(error.problem), "keys": .stringConvertible(count),
            ]
            if let line = error.line { metadata["file_line"] = .stringConvertible(line) }
            if let field = error.field { metadata["field"] = .string(field) }
            logger.error("keys_reload_failed", metadata: metadata)
            return .failure(error)
        case .success(let file):
            summary = keys.withLock { current in
                let next = Self.states(for: file, base: baseLimits, previous: current, now: clock.now())
                let before = Set(current.values.map(\.name))
                let after = Set(next.values.map(\.name))
                current = next
                return Summary(keys: next.count, added: after.subtracting(before).count, removed: before.subtracting(after).count)
            }
        }
        observer.reloaded(true, summary.keys)
        logger.notice(
            "keys_reloaded",
            metadata: [
                "component": "keys", "trigger": .string(trigger.rawValue), "keys": .stringConvertible(summary.keys),
                "added": .stringConvertible(summary.added), "removed": .stringConvertible(summary.removed),
            ]
        )
        return .success(summary)
    }

    /// The states for `file`, reusing (and updating) the state of every key that keeps its name.
    private static func states(for file: KeyFile, base: KeyLimits, previous: [KeyDigest: KeyState], now: Duration) -> [KeyDigest: KeyState] {
        let byName = Dictionary(previous.values.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var states: [KeyDigest: KeyState] = [:]
        for (entry, limits) in file.resolvedLimits(over: base) {
            if let existing = byName[entry.name] {
                existing.update(limits: limits, now: now)
                states[entry.digest] = existing
            } else {
                states[entry.digest] = KeyState(name: entry.name, limits: limits, now: now)
            }
        }
        return states
    }
}
