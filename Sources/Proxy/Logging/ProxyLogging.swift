import Logging
import Redaction

/// Builds the proxy's logger from its configuration.
public enum ProxyLogging {
    /// A logger writing structured, redacted lines to `writer` at the configured level and format.
    public static func logger(
        _ configuration: ProxyConfiguration.Observability,
        redactor: Redactor,
        writer: LogLineWriter,
        label: String = "codex-proxy"
    ) -> Logger {
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        return Logger(label: label) { _ in
            StructuredLogHandler(writer: writer, redactor: redactor, format: configuration.logFormat, level: level)
        }
    }
}
