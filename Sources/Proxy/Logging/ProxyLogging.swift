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
        logger(
            level: Logger.Level(rawValue: configuration.logLevel) ?? .info, format: configuration.logFormat, redactor: redactor,
            writer: writer, label: label
        )
    }

    /// A logger writing structured, redacted lines to `writer`.
    public static func logger(level: Logger.Level, format: LogFormat, redactor: Redactor, writer: LogLineWriter, label: String = "codex-proxy") -> Logger {
        Logger(label: label) { _ in
            StructuredLogHandler(writer: writer, redactor: redactor, format: format, level: level)
        }
    }
}
