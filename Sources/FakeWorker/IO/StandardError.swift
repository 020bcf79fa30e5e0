import Foundation

/// Diagnostics on stderr: never protocol, like the real binary's tracing output.
enum StandardError {
    /// Writes `line` and a newline to stderr in one system call.
    static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        FileDescriptorWriter.writeAll(bytes, to: 2)
    }

    /// A tracing-style log line: `<ISO time>  INFO fake_codex: <message>`.
    static func log(_ message: String, level: String = "INFO") {
        let time = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        write("\(time) \(level) fake_codex: \(message)")
    }
}
