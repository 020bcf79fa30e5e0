import ArgumentParser
import Foundation
import Proxy
import Redaction

#if canImport(Glibc)
import Glibc
#endif

/// `codex-proxy redact`: scrubs stdin to stdout line by line with the active redaction rules,
/// for operators who share an artifact (a log, a trace, a capture). A multi-line private key
/// block is held until it ends and redacted whole.
struct RedactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Redact secrets and personal data from stdin to stdout, line by line.",
        discussion: "Uses the default rules plus PROXY_REDACTION_RULES (or --rules), exactly as the proxy's logs and traces do."
    )

    @Option(help: "A rule file that adds to or overrides the default rules (default: PROXY_REDACTION_RULES).")
    var rules: String?

    func run() throws {
        let redactor: Redactor
        do {
            redactor = try Redactor(ruleFilePath: rules ?? ProcessInfo.processInfo.environment["PROXY_REDACTION_RULES"])
        } catch {
            FileHandle.standardError.write(Data("codex-proxy redact: \(error)\n".utf8))
            throw ExitCode(78)
        }
        var lines = LineRedactor(redactor: redactor)
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[0..<count])
            var lineStart = pending.startIndex
            while let newline = pending[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                emit(lines.redact(line: Array(pending[lineStart...newline])))
                lineStart = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<lineStart)
        }
        if !pending.isEmpty {
            emit(lines.redact(line: pending))
        }
        emit(lines.finish())
    }

    private func emit(_ bytes: [UInt8]) {
        FileDescriptorWriting.writeAll(bytes, to: STDOUT_FILENO)
    }
}
