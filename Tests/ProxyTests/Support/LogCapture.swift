import Foundation
import OrderedJSON
import Proxy
import Synchronization
import TestSupport

/// Collects every log line a proxy writes, in memory, and checks them against the schema
/// documented in docs/logging.md.
final class LogCapture: Sendable {
    private let lines = Mutex<[[UInt8]]>([])

    /// The writer to give the proxy's logger.
    var writer: LogLineWriter {
        LogLineWriter { [self] bytes in
            self.lines.withLock { $0.append(bytes) }
            return true
        }
    }

    /// Every line as written, bytes included (for secret scans).
    var rawText: String {
        lines.withLock { $0.map { String(decoding: $0, as: UTF8.self) }.joined() }
    }

    /// Every line parsed as JSON (a line that is not JSON fails the schema check).
    var entries: [JSONValue] {
        lines.withLock { $0 }.compactMap { try? JSONParser().parse($0.dropLast()) }
    }

    /// Fails when a line is not one JSON object, or names an event or field the schema does not
    /// document, or gives a field the wrong type.
    func validateAgainstSchema() throws {
        let schema = try LogSchema.documented()
        var problems: [String] = []
        for line in lines.withLock({ $0 }) {
            let text = String(decoding: line, as: UTF8.self)
            guard text.hasSuffix("\n"), let entry = try? JSONParser().parse(line.dropLast()) else {
                problems.append("not one JSON object per line: \(text)")
                continue
            }
            problems += schema.problems(in: entry)
        }
        if !problems.isEmpty {
            throw LogSchemaViolation(problems: problems)
        }
    }
}

struct LogSchemaViolation: Error, CustomStringConvertible {
    var problems: [String]
    var description: String { "log lines that break docs/logging.md:\n" + problems.prefix(20).joined(separator: "\n") }
}
