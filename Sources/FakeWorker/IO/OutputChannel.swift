import CodexAppServer
import Foundation

/// The only writer of stdout: one protocol message per line, written whole, in the order the
/// actor receives them, so concurrent turns never interleave bytes.
///
/// It also counts the deltas and completed turns it writes, because the scripted crash and hang
/// triggers fire right after the Nth such line, before any other line can follow it.
actor OutputChannel {
    private let faults: FaultTriggers
    private let events: EventLog
    private let truncatedFinalLine: Bool
    private var muted = false
    private var deltasWritten = 0
    private var turnsCompleted = 0

    init(faults: FaultTriggers, events: EventLog, truncatedFinalLine: Bool) {
        self.faults = faults
        self.events = events
        self.truncatedFinalLine = truncatedFinalLine
    }

    /// Whether a scripted hang (or closed stdout) silenced the process.
    var isHung: Bool { muted }

    /// Writes a notification stamped with `emittedAtMs`.
    func notify(_ notification: RPCNotification) {
        var stamped = notification
        stamped.emittedAtMs = WallClock.nowMilliseconds()
        write(.notification(stamped))
        switch notification.method {
        case AppServerMethod.agentMessageDelta:
            deltasWritten += 1
            check(.afterDeltas(deltasWritten))
        case AppServerMethod.turnCompleted:
            turnsCompleted += 1
            check(.afterTurns(turnsCompleted))
        default:
            break
        }
    }

    func respond(_ id: RequestID, _ result: JSONValue) {
        write(.response(RPCResponse(id: id, result: result)))
    }

    func fail(_ id: RequestID, _ error: RPCErrorObject) {
        write(.error(RPCErrorResponse(id: id, error: error)))
    }

    func request(_ id: RequestID, method: String, params: JSONValue) {
        write(.request(RPCRequest(id: id, method: method, params: params)))
    }

    /// Writes text as it is plus a newline (scripted garbage lines).
    func writeRaw(_ text: String) {
        guard !muted else { return }
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        FileDescriptorWriter.writeAll(bytes, to: 1)
    }

    /// Stops all protocol output for good (a scripted hang).
    func mute(reason: String) {
        guard !muted else { return }
        muted = true
        events.record("hang", ["reason": .string(reason)])
        StandardError.log("scripted hang (\(reason)): no further output", level: "WARN")
    }

    /// Closes stdout for good and lives on (a scripted closed stdout): the process is still
    /// there, reading its input, but its client sees end of file.
    func closeStandardOutput(reason: String) {
        guard !muted else { return }
        muted = true
        close(1)
        events.record("stdoutClosed", ["reason": .string(reason)])
        StandardError.log("scripted closed stdout (\(reason)): living on until a signal", level: "WARN")
    }

    /// The partial line a dying process leaves behind, when the behaviour asks for one.
    func leaveTruncatedLineIfScripted() {
        guard truncatedFinalLine else { return }
        FileDescriptorWriter.writeAll(Array(Self.truncatedLine.utf8), to: 1)
    }

    static let truncatedLine = #"{"method":"item/agentMessage/delta","params":{"threadId":"#

    private func write(_ message: RPCMessage) {
        guard !muted else { return }
        FileDescriptorWriter.writeAll(message.line(sender: .server), to: 1)
    }

    private func check(_ reached: FaultTrigger) {
        if let crash = faults.crash, crash.trigger == reached {
            leaveTruncatedLineIfScripted()
            ProcessTermination.crash(crash, reason: "\(reached)", events: events)
        }
        if let hang = faults.hang, hang == reached {
            mute(reason: "\(reached)")
        }
        if let closeStdout = faults.closeStdout, closeStdout == reached {
            closeStandardOutput(reason: "\(reached)")
        }
    }
}
