#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A signal a scripted crash may die by, named as in `kill -l` with the `SIG` prefix.
struct SignalName: Sendable, Equatable, CustomStringConvertible {
    let name: String
    let number: Int32

    /// Every name accepted in behaviour documents.
    static let all: [SignalName] = [
        SignalName(name: "SIGKILL", number: SIGKILL),
        SignalName(name: "SIGSEGV", number: SIGSEGV),
        SignalName(name: "SIGABRT", number: SIGABRT),
        SignalName(name: "SIGTERM", number: SIGTERM),
        SignalName(name: "SIGINT", number: SIGINT),
        SignalName(name: "SIGQUIT", number: SIGQUIT),
        SignalName(name: "SIGHUP", number: SIGHUP),
        SignalName(name: "SIGBUS", number: SIGBUS),
        SignalName(name: "SIGILL", number: SIGILL),
        SignalName(name: "SIGFPE", number: SIGFPE),
        SignalName(name: "SIGPIPE", number: SIGPIPE),
        SignalName(name: "SIGUSR1", number: SIGUSR1),
        SignalName(name: "SIGUSR2", number: SIGUSR2),
    ]

    init(name: String, number: Int32) {
        self.name = name
        self.number = number
    }

    init?(_ name: String) {
        guard let match = Self.all.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    var description: String { name }
}
