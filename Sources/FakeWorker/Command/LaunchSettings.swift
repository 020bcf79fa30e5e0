import CodexAppServer
import Foundation

/// Everything one launch of the fake needs, resolved once at start from flags and environment.
struct LaunchSettings: Sendable {
    var behaviour: Behaviour
    /// 1-based; counted in the state directory, else always 1.
    var launchNumber: Int
    var events: EventLog
    /// `model` override from `-c model="…"`, the default model of new threads.
    var model: String
    /// `model_provider` override from `-c model_provider="…"`.
    var modelProvider: String
    /// `CODEX_HOME`, else `~/.codex`: reported by `initialize` and used in rollout paths.
    var codexHome: String
    /// The default `cwd` of new threads.
    var workingDirectory: String
    var platform: PlatformDescription

    static let behaviourFileVariable = "FAKE_CODEX_BEHAVIOUR"
    static let behaviourJSONVariable = "FAKE_CODEX_BEHAVIOUR_JSON"
    static let stateDirectoryVariable = "FAKE_CODEX_STATE_DIR"

    /// Reads the behaviour document (flag, then `FAKE_CODEX_BEHAVIOUR`, then
    /// `FAKE_CODEX_BEHAVIOUR_JSON`), claims a launch number and opens the event log.
    static func resolve(
        behaviourFile: String?,
        stateDirectory: String?,
        configOverrides: [String],
        environment: [String: String]
    ) throws(BehaviourError) -> LaunchSettings {
        let document = try loadDocument(behaviourFile: behaviourFile, environment: environment)
        let pid = ProcessInfo.processInfo.processIdentifier
        var launchNumber = 1
        var events = EventLog.disabled
        if let directory = stateDirectory ?? environment[stateDirectoryVariable], !directory.isEmpty {
            let state = try StateDirectory(path: directory)
            launchNumber = try state.claimLaunchNumber()
            state.writePID(pid)
            events = EventLog(path: state.eventsPath, pid: pid, launch: launchNumber)
        } else if !document.launches.isEmpty {
            StandardError.log("behaviour has launches but no state directory: every launch counts as launch 1", level: "WARN")
        }
        let overrides = ConfigOverrides(configOverrides)
        let home = environment["HOME"] ?? NSHomeDirectory()
        return LaunchSettings(
            behaviour: document.behaviour(forLaunch: launchNumber),
            launchNumber: launchNumber,
            events: events,
            model: overrides.string("model") ?? "gpt-5.1-codex",
            modelProvider: overrides.string("model_provider") ?? "openai",
            codexHome: environment["CODEX_HOME"] ?? "\(home)/.codex",
            workingDirectory: FileManager.default.currentDirectoryPath,
            platform: PlatformDescription.current(environment: environment)
        )
    }

    private static func loadDocument(behaviourFile: String?, environment: [String: String]) throws(BehaviourError) -> BehaviourDocument {
        if let path = behaviourFile ?? environment[behaviourFileVariable], !path.isEmpty {
            let source = behaviourFile != nil ? "--behaviour \(path)" : "\(behaviourFileVariable)=\(path)"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw BehaviourError(path: source, problem: "cannot read the file")
            }
            return try BehaviourDocument.parse(text, source: source)
        }
        if let text = environment[behaviourJSONVariable], !text.isEmpty {
            return try BehaviourDocument.parse(text, source: behaviourJSONVariable)
        }
        return .empty
    }
}
