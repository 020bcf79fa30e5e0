import CodexAppServer
import Foundation

/// The crash and hang triggers of the current launch.
struct FaultTriggers: Sendable {
    var crash: CrashSpec?
    var hang: FaultTrigger?
}
