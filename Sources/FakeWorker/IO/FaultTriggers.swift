import CodexAppServer
import Foundation

/// The crash, hang and closed-stdout triggers of the current launch.
struct FaultTriggers: Sendable {
    var crash: CrashSpec?
    var hang: FaultTrigger?
    var closeStdout: FaultTrigger?
}
