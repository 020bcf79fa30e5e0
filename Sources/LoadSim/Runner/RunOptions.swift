import Foundation

/// Where the binaries are and how runs report progress.
struct RunOptions: Sendable {
    var proxyBinary: String
    var workerBinary: String
    /// The real `codex` (from `--real-codex-bin` or `CODEX_REAL_BIN`); nil: real scenarios are inconclusive.
    var realCodexBinary: String?
    var mockScript: String
    var progress: ProgressLine

    /// The directory of the running `loadsim` executable (the default home of its siblings).
    static var executableDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }
}
