import CodexAppServer

/// The experimental `thread/start` fields of codex 0.163.0, refused unless the client set
/// `initialize.capabilities.experimentalApi`: after the params deserialized, with
/// `-32600 thread/start.<field> requires experimentalApi capability` for the first one used.
enum ExperimentalFields {
    /// The descriptor of the first experimental field `params` uses, in the binary's order
    /// (`environments`, `dynamicTools`, then `experimentalRawEvents: true`); `nil` when none.
    /// `null` counts as absent, and so does `experimentalRawEvents: false`.
    static func firstUsed(inThreadStart params: JSONValue) -> String? {
        if let environments = params["environments"], !environments.isNull { return "thread/start.environments" }
        if let tools = params["dynamicTools"], !tools.isNull { return "thread/start.dynamicTools" }
        if params["experimentalRawEvents"]?.boolValue == true { return "thread/start.experimentalRawEvents" }
        return nil
    }

    /// The error message for a client without the capability.
    static func refusal(_ descriptor: String) -> String {
        "\(descriptor) requires experimentalApi capability"
    }
}
