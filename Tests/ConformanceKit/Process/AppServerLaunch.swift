/// How to start an app-server executable (the real `codex` or `fake-codex`) for a session.
public struct AppServerLaunch: Sendable {
    public var executable: String
    /// Arguments after the executable, e.g. `["app-server", "-c", "model=\"gpt-5.1-codex\""]`.
    public var arguments: [String]
    /// Variables set for the child; with `inheritEnvironment` false they are its whole environment.
    public var environment: [String: String]
    public var inheritEnvironment: Bool
    public var workingDirectory: String?
    /// How long the child may take to exit after its stdin closed before it is killed.
    public var exitTimeout: Duration

    public init(
        executable: String,
        arguments: [String] = ["app-server"],
        environment: [String: String] = [:],
        inheritEnvironment: Bool = true,
        workingDirectory: String? = nil,
        exitTimeout: Duration = .seconds(10)
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.inheritEnvironment = inheritEnvironment
        self.workingDirectory = workingDirectory
        self.exitTimeout = exitTimeout
    }
}
