import CodexAppServer

/// The Codex app-server child process, how it is supervised, and how many turns it takes.
public struct WorkerConfiguration: Sendable {
    public var executable: String
    /// Appended after `app-server`.
    public var extraArguments: [String]
    /// Working directory of the worker and `cwd` of every thread; `nil` keeps the proxy's.
    public var workingDirectory: String?
    /// Sent as `clientInfo.version` in the handshake.
    public var clientVersion: String
    public var maxConcurrency: Int
    public var queueLimit: Int
    public var queueTimeout: Duration
    public var handshakeTimeout: Duration
    public var backoff: BackoffPolicy
    /// A worker that stays ready this long resets the backoff and the restart streak.
    public var backoffResetAfter: Duration
    /// More than `restartLimit` restarts within `restartWindow` stops the supervisor.
    public var restartLimit: Int
    public var restartWindow: Duration
    /// How long in-flight turns may run on after SIGTERM.
    public var shutdownGrace: Duration
    /// How long each step of stopping the worker (stdin closed, SIGTERM) may take before the next.
    public var stopStepTimeout: Duration
    /// How long a worker may take to answer a liveness ping after a request timed out.
    public var pingTimeout: Duration
    /// When a worker is replaced to bound its memory.
    public var recycle: RecyclePolicy
    /// Variables removed from the environment the worker inherits (the proxy's own secrets).
    public var withheldEnvironment: [String]
    /// What each thread may do on the worker's host (`CODEX_HOST_TOOLS`, `CODEX_SHELL_SNAPSHOT`).
    public var hostAccess: HostAccess = .textOnly
    /// Whether threads may carry client functions (`dynamicTools` with raw events;
    /// `PROXY_FUNCTION_TOOLS`).
    public var clientFunctions = true

    /// Whether `initialize` asks for the experimental API: text-only threads (`environments: []`)
    /// and client functions need it; with host tools on and client functions off nothing does.
    public var experimentalAPI: Bool {
        hostAccess.tools == .none || clientFunctions
    }

    public init(
        executable: String,
        extraArguments: [String] = [],
        workingDirectory: String? = nil,
        clientVersion: String,
        maxConcurrency: Int = 4,
        queueLimit: Int = 32,
        queueTimeout: Duration = .seconds(10),
        handshakeTimeout: Duration = .seconds(10),
        backoff: BackoffPolicy = BackoffPolicy(initial: .milliseconds(250), maximum: .seconds(5)),
        backoffResetAfter: Duration = .seconds(30),
        restartLimit: Int = 10,
        restartWindow: Duration = .seconds(60),
        shutdownGrace: Duration = .seconds(10),
        stopStepTimeout: Duration = .seconds(2),
        pingTimeout: Duration = .seconds(5),
        recycle: RecyclePolicy = RecyclePolicy(afterTurns: 1000, maximumResidentBytes: 2048 << 20, checkInterval: .seconds(1)),
        withheldEnvironment: [String] = []
    ) {
        self.executable = executable
        self.extraArguments = extraArguments
        self.workingDirectory = workingDirectory
        self.clientVersion = clientVersion
        self.maxConcurrency = maxConcurrency
        self.queueLimit = queueLimit
        self.queueTimeout = queueTimeout
        self.handshakeTimeout = handshakeTimeout
        self.backoff = backoff
        self.backoffResetAfter = backoffResetAfter
        self.restartLimit = restartLimit
        self.restartWindow = restartWindow
        self.shutdownGrace = shutdownGrace
        self.stopStepTimeout = stopStepTimeout
        self.pingTimeout = pingTimeout
        self.recycle = recycle
        self.withheldEnvironment = withheldEnvironment
    }
}
