import Foundation
import Subprocess

#if canImport(Glibc)
import Glibc
#endif

/// Tells whether a child process has ended, without reaping it (its owner, swift-subprocess,
/// reaps it): the process descriptor (pidfd) turns readable on exit; without one, `/proc` shows
/// the process as a zombie.
struct ProcessLiveness: Sendable {
    let identifier: ProcessIdentifier

    init(_ identifier: ProcessIdentifier) {
        self.identifier = identifier
    }

    /// Whether the process has ended (it may still await reaping).
    var hasEnded: Bool {
        if identifier.processDescriptor >= 0 {
            var descriptor = pollfd(fd: identifier.processDescriptor, events: Int16(POLLIN), revents: 0)
            return poll(&descriptor, 1, 0) > 0
        }
        guard let stat = try? String(contentsOfFile: "/proc/\(identifier.value)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].dropFirst().first
        return state == "Z" || state == "X"
    }

    /// Polls every 10 ms until the process ended or `limit` passed; returns whether it ended.
    func waitForExit(upTo limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while !hasEnded {
            guard ContinuousClock.now < deadline, (try? await Task.sleep(for: .milliseconds(10))) != nil else { return hasEnded }
        }
        return true
    }
}
