import CodexAppServer
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends one JSON line per notable event to `events.jsonl` in the state directory, so tests
/// can check from the worker's side what it received and did.
///
/// Each line is written with a single `write` on an `O_APPEND` descriptor, so lines from
/// concurrent tasks and concurrent processes never interleave.
struct EventLog: Sendable {
    private let descriptor: Int32
    private let pid: Int32
    private let launch: Int

    /// A log that records nothing (no state directory).
    static let disabled = EventLog(descriptor: -1, pid: 0, launch: 0)

    private init(descriptor: Int32, pid: Int32, launch: Int) {
        self.descriptor = descriptor
        self.pid = pid
        self.launch = launch
    }

    init(path: String, pid: Int32, launch: Int) {
        self.init(descriptor: open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644), pid: pid, launch: launch)
    }

    /// Appends `{"ts","pid","launch","event",...fields}`; `ts` is milliseconds since the epoch.
    func record(_ event: String, _ fields: JSONObject = [:]) {
        guard descriptor >= 0 else { return }
        var object: JSONObject = [
            "ts": .integer(Int64((Date().timeIntervalSince1970 * 1000).rounded())),
            "pid": .integer(Int64(pid)),
            "launch": .integer(Int64(launch)),
            "event": .string(event),
        ]
        for (key, value) in fields { object[key] = value }
        var bytes = JSONValue.object(object).jsonBytes
        bytes.append(UInt8(ascii: "\n"))
        FileDescriptorWriter.writeAll(bytes, to: descriptor)
    }
}
