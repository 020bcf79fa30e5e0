import AsyncHTTPClient
import Foundation
import Subprocess
import SystemPackage
import TestSupport

/// Debian's HAProxy on loopback in front of several proxies: round robin, a health check on
/// `/readyz` every 200 ms (one failure takes a server out, two successes bring it back; a check
/// may take 2 s on a loaded machine before it counts as failed), L7
/// retries of connection failures and 503s on another server, and the server's name in an
/// `X-Served-By` response header. The stats page tells which servers it considers up.
enum HAProxyBalancer {
    struct Handle: Sendable {
        let url: String
        let statsURL: String

        /// Server name → status (`UP`, `DOWN`, `UP 1/2`, …) as HAProxy reports it now.
        func serverStates() async throws -> [String: String] {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: statsURL + ";csv"), timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 1 << 20)
            let lines = String(buffer: body).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            guard let header = lines.first, let name = header.firstIndex(of: "svname"), let status = header.firstIndex(of: "status"),
                let proxy = header.firstIndex(of: "# pxname")
            else { return [:] }
            var states: [String: String] = [:]
            for line in lines.dropFirst() where line.count > status && line[proxy] == "proxies" && !["FRONTEND", "BACKEND"].contains(line[name]) {
                states[line[name]] = line[status]
            }
            return states
        }
    }

    static func configuration(port: Int, statsPort: Int, servers: [(name: String, port: Int)]) -> String {
        var text = """
            global
              maxconn 512
            defaults
              mode http
              timeout connect 1s
              timeout client 30s
              timeout server 30s
              timeout queue 5s
              timeout check 2s
              retries 2
              option redispatch 1
              retry-on conn-failure empty-response 503
            frontend api
              bind 127.0.0.1:\(port)
              default_backend proxies
            backend proxies
              balance roundrobin
              option httpchk
              http-check send meth GET uri /readyz
              http-check expect status 200
              http-response set-header X-Served-By %s
              default-server check inter 200ms fall 1 rise 2

            """
        for server in servers { text += "  server \(server.name) 127.0.0.1:\(server.port)\n" }
        text += """
            listen stats
              bind 127.0.0.1:\(statsPort)
              stats enable
              stats uri /stats

            """
        return text
    }

    /// Runs HAProxy in the foreground for as long as `body` runs.
    static func run<Result: Sendable>(servers: [(name: String, port: Int)], _ body: (Handle) async throws -> Result) async throws -> Result {
        let folder = try TemporaryDirectory("haproxy")
        defer { folder.remove() }
        let port = try FreePort.find()
        let statsPort = try FreePort.find()
        let config = folder.url.appendingPathComponent("haproxy.cfg")
        try Data(configuration(port: port, statsPort: statsPort, servers: servers).utf8).write(to: config)
        let check = try await OpsTool.run("haproxy", ["-c", "-f", config.path])
        guard check.succeeded else { throw HarnessError.timedOut("a valid HAProxy configuration: \(check)") }
        let outcome = try await Subprocess.run(
            .name("haproxy"), arguments: ["-db", "-f", config.path], input: .none, output: .discarded, error: .discarded
        ) { execution in
            defer { try? execution.send(signal: .terminate) }
            let handle = Handle(url: "http://127.0.0.1:\(port)", statsURL: "http://127.0.0.1:\(statsPort)/stats")
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                if let states = try? await handle.serverStates(), states.count == servers.count { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            return try await body(handle)
        }
        return outcome.closureResult
    }
}
