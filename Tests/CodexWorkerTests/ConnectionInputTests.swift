@testable import CodexWorker
import Logging
import Synchronization
import Testing

/// The connection's side of the worker's stdin: lines sent before the process runs are written
/// first and in order, lines after a stop go nowhere, and a stop before the process runs still
/// closes its stdin.
@Suite("Connection input")
struct ConnectionInputTests {
    final class RecordingInput: WorkerInput {
        let lines = Mutex<[String]>([])
        private let closedFlag = Atomic(false)

        var closed: Bool { closedFlag.load(ordering: .relaxed) }

        func write(_ line: [UInt8]) {
            lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) }
        }

        func close() {
            closedFlag.store(true, ordering: .relaxed)
        }
    }

    @Test("lines sent before the stdin is attached go first, in order; later lines follow")
    func queuedLinesGoFirst() {
        let connection = AppServerConnection(logger: Logger(label: "test"))
        connection.notify("first")
        connection.notify("second")
        let input = RecordingInput()
        connection.attachInput(input)
        connection.notify("third")
        let methods = input.lines.withLock { $0 }.map { $0.contains("first") ? 1 : $0.contains("second") ? 2 : $0.contains("third") ? 3 : 0 }
        #expect(methods == [1, 2, 3])
        #expect(input.lines.withLock { $0 }.allSatisfy { $0.hasSuffix("\n") })
        #expect(!input.closed)
    }

    @Test("after closeInput nothing more is written and the stdin is closed, even if attached later")
    func closingStopsWrites() {
        let early = AppServerConnection(logger: Logger(label: "test"))
        early.closeInput()
        let lateInput = RecordingInput()
        early.attachInput(lateInput)
        #expect(lateInput.closed)

        let connection = AppServerConnection(logger: Logger(label: "test"))
        let input = RecordingInput()
        connection.attachInput(input)
        connection.notify("before")
        connection.closeInput()
        connection.notify("after")
        #expect(input.closed)
        #expect(input.lines.withLock { $0 }.count == 1)
    }
}
