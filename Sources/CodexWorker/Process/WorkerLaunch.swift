/// What to start as the worker: `executable app-server <extraArguments>`.
public struct WorkerLaunch: Sendable {
    public var executable: String
    public var arguments: [String]
    public var workingDirectory: String?
    /// Variables removed from the inherited environment (the proxy's own secrets).
    public var withheldEnvironment: [String]

    public init(executable: String, arguments: [String], workingDirectory: String?, withheldEnvironment: [String]) {
        self.executable = executable
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.withheldEnvironment = withheldEnvironment
    }
}

extension WorkerLaunch {
    /// The launch described by the configuration.
    init(_ worker: WorkerConfiguration) {
        self.init(
            executable: worker.executable,
            arguments: ["app-server"] + worker.extraArguments,
            workingDirectory: worker.workingDirectory,
            withheldEnvironment: worker.withheldEnvironment
        )
    }
}
