import Foundation

/// When a worker is replaced to bound its memory: after a number of turns, or once its resident
/// memory passes a limit. The real app-server keeps about 1 MB per finished thread, so a
/// long-lived worker only grows. A recycle starts and handshakes a successor first; it is not a
/// crash.
public struct RecyclePolicy: Sendable, Hashable {
    /// Turns after which the worker is replaced; 0 turns this off.
    public var afterTurns: Int
    /// Resident memory above which the worker is replaced, in bytes; 0 turns this off.
    public var maximumResidentBytes: UInt64
    /// How often the two are checked.
    public var checkInterval: Duration

    public init(afterTurns: Int, maximumResidentBytes: UInt64, checkInterval: Duration) {
        self.afterTurns = afterTurns
        self.maximumResidentBytes = maximumResidentBytes
        self.checkInterval = checkInterval
    }

    var isEnabled: Bool { afterTurns > 0 || maximumResidentBytes > 0 }

    /// Why the worker with `pid` that has started `turns` turns is due for replacement, or `nil`.
    func reason(turns: Int, pid: Int32?) -> String? {
        if afterTurns > 0, turns >= afterTurns {
            return "turns"
        }
        if maximumResidentBytes > 0, let pid, let resident = Self.residentBytes(of: pid), resident > maximumResidentBytes {
            return "memory"
        }
        return nil
    }

    /// `VmRSS` from `/proc/<pid>/status`, in bytes.
    static func residentBytes(of pid: Int32) -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kibibytes = line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
            return kibibytes.map { $0 * 1024 }
        }
        return nil
    }
}
