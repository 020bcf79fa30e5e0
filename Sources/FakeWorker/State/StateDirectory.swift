import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory shared by all launches of one scenario: launch counter, pid file, event log.
///
/// The counter is incremented under an exclusive `flock` so concurrent starts each get their own
/// number; it is rewritten through a rename so a reader never sees half a number.
struct StateDirectory: Sendable {
    let path: String

    init(path: String) throws(BehaviourError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BehaviourError(path: "state directory \(path)", problem: "cannot create: \(error.localizedDescription)")
        }
    }

    var counterPath: String { "\(path)/launches" }
    var pidPath: String { "\(path)/pid" }
    var eventsPath: String { "\(path)/events.jsonl" }

    /// Increments the launch counter and returns the new value (1 for the first launch).
    func claimLaunchNumber() throws(BehaviourError) -> Int {
        let lock = open("\(path)/launches.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw BehaviourError(path: "state directory \(path)", problem: "cannot open lock file (errno \(errno))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else {
            throw BehaviourError(path: "state directory \(path)", problem: "cannot lock (errno \(errno))")
        }
        defer { flock(lock, LOCK_UN) }
        let previous = (try? String(contentsOfFile: counterPath, encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let next = previous + 1
        let temporary = "\(counterPath).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data("\(next)\n".utf8)),
            rename(temporary, counterPath) == 0
        else {
            throw BehaviourError(path: "state directory \(path)", problem: "cannot write the launch counter (errno \(errno))")
        }
        return next
    }

    /// Records this process's id in `pid` (overwritten by every launch).
    func writePID(_ pid: Int32) {
        _ = FileManager.default.createFile(atPath: pidPath, contents: Data("\(pid)\n".utf8))
    }
}
