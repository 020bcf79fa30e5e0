import CodexAppServer
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Ends the process the way a scripted crash or a signal asks.
enum ProcessTermination {
    /// Logs the crash, then exits with the scripted code or dies by the scripted signal.
    static func crash(_ spec: CrashSpec, reason: String, events: EventLog) -> Never {
        switch spec.termination {
        case .exitCode(let code):
            events.record("crash", ["reason": .string(reason), "exitCode": .integer(Int64(code))])
            StandardError.log("scripted crash (\(reason)): exit \(code)", level: "ERROR")
            exit(code)
        case .signal(let signal):
            events.record("crash", ["reason": .string(reason), "signal": .string(signal.name)])
            StandardError.log("scripted crash (\(reason)): \(signal.name)", level: "ERROR")
            die(by: signal.number)
        }
    }

    /// Dies by `signal` with its default action: no Swift crash handler, no core file.
    static func die(by signal: Int32) -> Never {
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        #if canImport(Glibc)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        #else
        _ = setrlimit(RLIMIT_CORE, &noCore)
        #endif
        #if canImport(Glibc)
        _ = Glibc.signal(signal, SIG_DFL)
        #else
        _ = Darwin.signal(signal, SIG_DFL)
        #endif
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        // Only reached for signals whose default action does not terminate.
        _exit(128 + signal)
    }
}
