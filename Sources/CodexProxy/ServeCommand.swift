import ArgumentParser
import Foundation
import Logging
import Proxy
import Redaction

/// `codex-proxy serve` (the default): runs the proxy until SIGTERM or SIGINT.
///
/// Every setting comes from the environment (see README); the flags below override the
/// variable named in their help.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the proxy (the default command).")

    @Option(help: "Listen address (PROXY_HOST).")
    var host: String?

    @Option(help: "Listen port, 0 for any free port (PROXY_PORT).")
    var port: Int?

    @Option(name: .customLong("codex-bin"), help: "The Codex executable (CODEX_BIN).")
    var codexBinary: String?

    @Option(name: .customLong("worker-arg"), help: "An extra argument after 'app-server'; repeat for more (CODEX_ARGS).")
    var workerArguments: [String] = []

    @Option(help: "Comma-separated advertised models (PROXY_MODELS).")
    var models: String?

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        if let host { environment["PROXY_HOST"] = host }
        if let port { environment["PROXY_PORT"] = String(port) }
        if let codexBinary { environment["CODEX_BIN"] = codexBinary }
        if !workerArguments.isEmpty {
            environment["CODEX_ARGS"] = workerArguments.map { "'\($0)'" }.joined(separator: " ")
        }
        if let models { environment["PROXY_MODELS"] = models }

        let configuration: ProxyConfiguration
        let redactor: Redactor
        do {
            configuration = try ProxyConfiguration(environment: environment)
            redactor = try Redactor(ruleFilePath: configuration.observability.redactionRulesPath)
        } catch {
            FileHandle.standardError.write(Data("codex-proxy: \(error)\n".utf8))
            throw ExitCode(78)
        }
        let writer = LogLineWriter.standardOutput(capacity: configuration.observability.logQueueLines)
        let logger = ProxyLogging.logger(configuration.observability, redactor: redactor, writer: writer)
        LoggingSystem.bootstrap { label in
            ProxyLogging.logger(configuration.observability, redactor: redactor, writer: writer, label: label).handler
        }
        if configuration.api.apiKey == nil {
            logger.warning("auth_disabled", metadata: ["hint": "set PROXY_API_KEY to require a bearer key on /v1/*"])
        }
        let application: ProxyApplication
        do {
            application = try ProxyApplication(configuration: configuration, logger: logger, redactor: redactor, logWriter: writer)
        } catch {
            FileHandle.standardError.write(Data("codex-proxy: \(error)\n".utf8))
            throw ExitCode(78)
        }
        defer { writer.flush() }
        try await application.run()
    }
}
