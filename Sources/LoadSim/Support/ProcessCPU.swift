import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time of processes, read from `/proc/PID/stat` (utime, stime and, for a process whose
/// children do part of its work, cutime and cstime), in seconds.
enum ProcessCPU {
    /// Clock ticks per second of the `/proc` figures.
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// utime + stime of `pid`, plus cutime + cstime (children it has waited for) with
    /// `includingChildren`; nil when the process is gone.
    static func seconds(of pid: Int32, includingChildren: Bool) -> Double? {
        guard let fields = statFields(pid), fields.count > 14 else { return nil }
        // After the command: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
        let ticks = (includingChildren ? fields[11...14] : fields[11...12]).compactMap { Double($0) }.reduce(0, +)
        return ticks / ticksPerSecond
    }

    /// The live processes whose parent is `pid`.
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in statFields(child).flatMap { Int32($0[1]) } == pid }
    }

    /// This process's own CPU time (all threads), from `getrusage`.
    static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// The fields of `/proc/PID/stat` after the command name (which may contain spaces).
    private static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
