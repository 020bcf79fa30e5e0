import Foundation

/// Where the package's executables are, for tests that run them as real child processes.
///
/// `swift test` builds every executable the test targets depend on into the same folder as the
/// test bundle, so they are found next to the running test binary whatever `--scratch-path` is.
public enum BuiltProducts {
    /// The build products folder of the running test binary.
    public static let directory: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }()

    /// The path of the executable product `name` (e.g. `fake-codex`, `codex-proxy`).
    public static func path(of name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The repository root, for fixtures and scripts that live outside the test targets.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()
}
