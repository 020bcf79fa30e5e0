import CodexAppServer

/// Turns one behaviour object (the base document, or the base merged with a `launches` entry)
/// into a ``Behaviour``.
enum BehaviourParser {
    static let topLevelKeys: Set<String> = [
        "reply", "chunkSize", "firstTokenDelayMs", "deltaDelayMs", "handshakeDelayMs", "crash", "hang", "closeStdout", "turnStartDelayMs",
        "garbageLines", "truncatedFinalLine", "stderrNoise", "turnError", "overload", "approval", "models", "launches",
    ]

    static func parse(_ reader: BehaviourReader) throws(BehaviourError) -> Behaviour {
        try reader.rejectUnknownKeys(allowed: topLevelKeys)
        var behaviour = Behaviour()
        behaviour.reply = try reader.string("reply")
        behaviour.chunkSize = try reader.integer("chunkSize", minimum: 1) ?? behaviour.chunkSize
        behaviour.firstTokenDelayMs = try reader.integer("firstTokenDelayMs") ?? 0
        behaviour.deltaDelayMs = try reader.integer("deltaDelayMs") ?? 0
        behaviour.handshakeDelayMs = try reader.integer("handshakeDelayMs") ?? 0
        if let crash = try reader.nested("crash") { behaviour.crash = try crashSpec(crash) }
        if let hang = try reader.nested("hang") {
            try hang.rejectUnknownKeys(allowed: ["afterDeltas", "afterTurns", "onHandshake"])
            behaviour.hang = try trigger(hang)
        }
        if let closeStdout = try reader.nested("closeStdout") {
            try closeStdout.rejectUnknownKeys(allowed: ["afterDeltas", "afterTurns", "onHandshake"])
            behaviour.closeStdout = try trigger(closeStdout)
        }
        behaviour.turnStartDelayMs = try reader.integer("turnStartDelayMs") ?? 0
        behaviour.garbageLines = try reader.strings("garbageLines") ?? []
        behaviour.truncatedFinalLine = try reader.bool("truncatedFinalLine") ?? false
        if let noise = try reader.nested("stderrNoise") {
            try noise.rejectUnknownKeys(allowed: ["lines", "everyMs"])
            guard let lines = try noise.integer("lines") else {
                throw BehaviourError(path: noise.keyPath("lines"), problem: "required")
            }
            behaviour.stderrNoise = StderrNoiseSpec(lines: lines, everyMs: try noise.integer("everyMs") ?? 0)
        }
        if let turnError = try reader.nested("turnError") { behaviour.turnError = try turnErrorSpec(turnError) }
        if let overload = try reader.nested("overload") {
            try overload.rejectUnknownKeys(allowed: ["everyNth"])
            guard let nth = try overload.integer("everyNth", minimum: 1) else {
                throw BehaviourError(path: overload.keyPath("everyNth"), problem: "required")
            }
            behaviour.overloadEveryNth = nth
        }
        behaviour.approval = try reader.bool("approval") ?? false
        if let models = reader.object["models"] { behaviour.models = try modelCatalog(models, path: reader.keyPath("models")) }
        return behaviour
    }

    static func trigger(_ reader: BehaviourReader) throws(BehaviourError) -> FaultTrigger {
        var triggers: [FaultTrigger] = []
        if let deltas = try reader.integer("afterDeltas", minimum: 1) { triggers.append(.afterDeltas(deltas)) }
        if let turns = try reader.integer("afterTurns", minimum: 1) { triggers.append(.afterTurns(turns)) }
        if let onHandshake = try reader.bool("onHandshake") {
            guard onHandshake else { throw BehaviourError(path: reader.keyPath("onHandshake"), problem: "only true is meaningful") }
            triggers.append(.onHandshake)
        }
        guard triggers.count == 1, let trigger = triggers.first else {
            throw BehaviourError(path: reader.path, problem: "needs exactly one of afterDeltas, afterTurns, onHandshake")
        }
        return trigger
    }

    static func crashSpec(_ reader: BehaviourReader) throws(BehaviourError) -> CrashSpec {
        try reader.rejectUnknownKeys(allowed: ["afterDeltas", "afterTurns", "onHandshake", "exitCode", "signal"])
        let trigger = try trigger(reader)
        if reader.has("exitCode"), reader.has("signal") {
            throw BehaviourError(path: reader.path, problem: "exitCode and signal exclude each other")
        }
        if let name = try reader.string("signal") {
            guard let signal = SignalName(name) else {
                let known = SignalName.all.map(\.name).joined(separator: ", ")
                throw BehaviourError(path: reader.keyPath("signal"), problem: "unknown signal \"\(name)\" (known: \(known))")
            }
            return CrashSpec(trigger: trigger, termination: .signal(signal))
        }
        let code = try reader.integer("exitCode") ?? 1
        guard code <= 255 else { throw BehaviourError(path: reader.keyPath("exitCode"), problem: "expected 0...255, found \(code)") }
        return CrashSpec(trigger: trigger, termination: .exitCode(Int32(code)))
    }

    static func turnErrorSpec(_ reader: BehaviourReader) throws(BehaviourError) -> TurnErrorSpec {
        try reader.rejectUnknownKeys(allowed: ["codexErrorInfo", "message", "afterDeltas", "willRetry"])
        let info = reader.object["codexErrorInfo"] ?? "other"
        switch info {
        case .string(let name) where !name.isEmpty: break
        case .object(let object) where object.count == 1: break
        default:
            throw BehaviourError(path: reader.keyPath("codexErrorInfo"), problem: "expected a camelCase string or a one-key object, found \(info)")
        }
        return TurnErrorSpec(
            codexErrorInfo: info,
            message: try reader.string("message") ?? "fake-codex: scripted turn error",
            afterDeltas: try reader.integer("afterDeltas") ?? 0,
            willRetry: try reader.bool("willRetry") ?? false
        )
    }

    /// `models`: an array of model ids (entries shaped like the real ones; the first is the
    /// default) or of whole `model/list` entries (each needs a string `id`).
    static func modelCatalog(_ value: JSONValue, path: String) throws(BehaviourError) -> FakeModelCatalog {
        guard let array = value.arrayValue else { throw BehaviourError(path: path, problem: "expected an array of model ids or entries, found \(value)") }
        var entries: [JSONValue] = []
        for (index, element) in array.enumerated() {
            switch element {
            case .string(let id) where !id.isEmpty:
                entries.append(FakeModelCatalog.entry(id: id, isDefault: index == 0))
            case .object(let object) where object["id"]?.stringValue != nil:
                entries.append(element)
            default:
                throw BehaviourError(path: "\(path)[\(index)]", problem: "expected a model id or an object with a string id, found \(element)")
            }
        }
        return FakeModelCatalog(entries: entries)
    }
}
