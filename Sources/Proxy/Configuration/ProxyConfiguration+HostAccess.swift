import CodexAppServer

extension EnvironmentReader {
    /// `CODEX_HOST_TOOLS` (`none`, the default, or `read-only`) and `CODEX_SHELL_SNAPSHOT`
    /// (default `false`): what every thread may do on the worker's host.
    mutating func hostAccess() -> HostAccess {
        var tools = HostAccess.Tools.none
        if let text = raw("CODEX_HOST_TOOLS") {
            if let chosen = HostAccess.Tools(rawValue: text.lowercased()) {
                tools = chosen
            } else {
                let choices = HostAccess.Tools.allCases.map(\.rawValue).joined(separator: " or ")
                reject("CODEX_HOST_TOOLS must be \(choices), got '\(text.prefix(64))'")
            }
        }
        return HostAccess(tools: tools, shellSnapshot: bool("CODEX_SHELL_SNAPSHOT", default: false))
    }
}
