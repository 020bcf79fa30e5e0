import Foundation
import TestSupport
import Testing

/// ops/docker/Dockerfile: hadolint clean and shaped as the deployment needs. No container runtime
/// is available to the suite, so the image is linted and read, not built.
@Suite("Dockerfile", .timeLimit(.minutes(2)))
struct DockerfileTests {
    static let dockerfile = OpsTool.ops.appendingPathComponent("docker/Dockerfile")

    @Test("hadolint passes; the runtime stage is slim Debian with libpcre2-8, runs as a non-root user, and health-checks /readyz")
    func hadolintAndNonRoot() async throws {
        let lint = try await OpsTool.run("hadolint", [Self.dockerfile.path])
        #expect(lint.succeeded, "\(lint)")
        let text = try String(contentsOf: Self.dockerfile, encoding: .utf8)
        let stages = text.components(separatedBy: "\nFROM ")
        #expect(stages.count == 4, "a builder, a codex stage and the runtime")
        let runtime = try #require(stages.last)
        #expect(runtime.hasPrefix("${RUNTIME_IMAGE}") && text.contains("ARG RUNTIME_IMAGE=debian:bookworm-slim"))
        #expect(runtime.contains("libpcre2-8-0"))
        #expect(runtime.contains("USER 10001:10001"))
        #expect(!runtime.contains("USER root") && !runtime.contains("USER 0"))
        #expect(runtime.contains("/readyz") && runtime.contains("HEALTHCHECK"))
        #expect(runtime.contains("STOPSIGNAL SIGTERM"))
        #expect(text.contains("ARG CODEX_VERSION") && text.contains("openai-codex-cli-bin==${CODEX_VERSION}"))
    }

    @Test("hadolint is not a rubber stamp: a root user and an uncleaned apt cache fail it")
    func hadolintCatchesABadVariant() async throws {
        let folder = try TemporaryDirectory("dockerfile")
        defer { folder.remove() }
        let bad = try String(contentsOf: Self.dockerfile, encoding: .utf8)
            .replacingOccurrences(of: "USER 10001:10001", with: "USER root")
            .replacingOccurrences(of: "    && rm -rf /var/lib/apt/lists/* \\\n    && groupadd", with: "    && groupadd")
        let path = folder.url.appendingPathComponent("Dockerfile")
        try Data(bad.utf8).write(to: path)
        let lint = try await OpsTool.run("hadolint", [path.path])
        #expect(!lint.succeeded)
        #expect(lint.output.contains("DL3002"), "\(lint)")
        #expect(lint.output.contains("DL3009"), "\(lint)")
    }
}
