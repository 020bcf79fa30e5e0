import CodexAppServer
import Foundation
import TestSupport

/// A running app-server child process seen as lines: send client lines, wait for server lines.
///
/// Every line sent and received is appended to one ordered log, which becomes the session's
/// ``Transcript``. Create sessions with ``AppServerSession/run(_:body:)``; the child lives exactly
/// as long as the body.
public actor AppServerSession {
    private let writer: StandardInputWriter
    private let signalSender: @Sendable (Signal) -> Void
    private var log: [TranscriptEntry] = []
    private var received: [String] = []
    private var inputClosed = false
    /// Whether the child closed its stdout (it exited or is exiting).
    public private(set) var outputClosed = false
    /// The child's process id.
    public nonisolated let processIdentifier: Int32

    init(writer: StandardInputWriter, processIdentifier: Int32, signalSender: @escaping @Sendable (Signal) -> Void) {
        self.writer = writer
        self.processIdentifier = processIdentifier
        self.signalSender = signalSender
    }

    /// Writes `line` and a newline to the child's stdin and logs it as `C>`.
    public func send(_ line: String) async throws {
        log.append(.client(line))
        _ = try await writer.write(Array((line + "\n").utf8))
    }

    /// Writes raw bytes (for partial lines); logged as `C>` only when they end a line.
    public func sendRaw(_ bytes: [UInt8]) async throws {
        _ = try await writer.write(bytes)
    }

    /// Closes the child's stdin (end of input).
    public func closeInput() async {
        guard !inputClosed else { return }
        inputClosed = true
        try? await writer.finish()
    }

    /// Sends a signal to the child.
    public func send(signal: Signal) { signalSender(signal) }

    /// The server lines received so far.
    public var receivedLines: [String] { received }

    /// The log of the session so far.
    public var transcript: Transcript { Transcript(entries: log) }

    /// Waits until `condition` holds for the received lines, the output closes, or `timeout`
    /// passes; returns whether the condition held.
    public func waitUntil(timeout: Duration, _ condition: @Sendable ([String]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if condition(received) { return true }
            if outputClosed || ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(3))
        }
    }

    func receive(_ line: String) {
        received.append(line)
        log.append(.server(line))
    }

    func markOutputClosed() { outputClosed = true }

    func appendExit(_ status: String) { log.append(.exit(status)) }
}
