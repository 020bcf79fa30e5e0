import Foundation
import Subprocess
import SystemPackage
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A log pipe that nobody reads never stalls request handling: lines wait in a bounded queue
/// written by a thread of its own, and past it they are dropped and counted.
@Suite("Turn lifetime: a stdout nobody reads", .timeLimit(.minutes(3)))
struct LogPipeTests {
    @Test("with stdout a full pipe, requests are still served and dropped lines are counted")
    func fullLogPipeDoesNotStallRequests() async throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw RawHTTPError.system("pipe", errno) }
        let (readEnd, writeEnd) = (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
        defer { try? readEnd.close() }
        let port = try FreePort.find()
        let settings: [Environment.Key: String?] = [
            "PROXY_HOST": "127.0.0.1", "PROXY_PORT": String(port), "PROXY_API_KEY": ProxyHarness.apiKey,
            "CODEX_BIN": BuiltProducts.path(of: "fake-codex"), "LOG_LEVEL": "debug", "LOG_QUEUE_MAX_LINES": "64",
            "PROXY_ENABLE_METRICS": "true", "PROXY_MODELS": "gpt-5.1-codex",
        ]
        let proxyTask = Task {
            try await Subprocess.run(
                .path(FilePath(BuiltProducts.path(of: "codex-proxy"))),
                environment: .inherit.updating(settings),
                input: .none,
                output: .fileDescriptor(writeEnd, closeAfterSpawningProcess: true),
                error: .discarded
            ) { execution in
                let client = ProcessClient(baseURL: "http://127.0.0.1:\(port)")
                defer { try? execution.send(signal: .kill) }
                try await client.waitUntil("ready", timeout: .seconds(30)) { (try? await client.get("/readyz").status) == 200 }
                // Each request logs several debug lines; the 64 KiB pipe fills after a few hundred.
                var statuses: [Int] = []
                for index in 0..<300 {
                    statuses.append(try await client.chat(ProxyHarness.chatBody("REPLY:line \(index) " + String(repeating: "z", count: 200))).status)
                }
                let metrics = String(decoding: try await client.get("/metrics").body, as: UTF8.self)
                return (statuses, metrics)
            }.closureResult
        }
        let (statuses, metrics) = try await proxyTask.value
        #expect(statuses.allSatisfy { $0 == 200 }, "every request was served: \(Set(statuses))")
        let dropped = metrics.split(separator: "\n").first { $0.hasPrefix("codex_log_lines_dropped_total ") }
        let count = dropped.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        #expect(count > 0, "lines past the queue were dropped and counted: \(dropped.map(String.init) ?? "no series")")
    }
}
