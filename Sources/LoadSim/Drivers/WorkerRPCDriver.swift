import CodexAppServer
import OrderedJSON
import Subprocess
import Synchronization
import SystemPackage

/// Runs turns directly on a worker process over its JSON-RPC stdio (no proxy, no HTTP): the
/// baseline the proxy is measured against. Each turn is timed from `thread/start` to
/// `turn/completed`, as the proxy does for a request. loadsim's own minimal client: it depends
/// on the protocol module only, never on the proxy.
struct WorkerRPCDriver: Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    let connection: WorkerRPCConnection
    /// The `thread/start` parameters of every turn (by default the proxy's text-only thread).
    let threadParams: JSONValue
    /// The worker's process id (for its CPU time).
    let pid: Int32

    /// What one timed operation is.
    enum Operation: Sendable {
        /// A plain text turn, `thread/start` to `turn/completed`.
        case textTurn
        /// What the proxy does for a request whose model calls a client function: a thread with
        /// the function and raw events, `turn/start`, the model response's `rawResponse/completed`
        /// (timed until here), then `turn/interrupt` and `thread/unsubscribe` sent without waiting.
        case functionCallRound
    }

    func run(requests: Int, concurrency: Int, operation: Operation = .textTurn) async -> LatencyRecorder {
        await ConcurrentLoop.run(requests: requests, concurrency: concurrency) { recorder in
            let started = ContinuousClock.now
            do {
                switch operation {
                case .textTurn: try await turn()
                case .functionCallRound: try await functionCallRound()
                }
                recorder.record(ContinuousClock.now - started)
            } catch {
                recorder.recordFailure()
            }
        }
    }

    private func turn() async throws {
        let thread = try await connection.request(AppServerMethod.threadStart, params: threadParams)
        guard let threadID = thread["thread"]?["id"]?.stringValue else { throw Failure(description: "thread/start without an id") }
        try await connection.runTurn(threadID: threadID, params: TurnStartParams(threadID: threadID, text: "benchmark").json)
        connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)])
    }

    private func functionCallRound() async throws {
        let tool: JSONValue = ["type": "function", "name": "lookup", "description": "", "inputSchema": ["type": "object", "properties": [:]]]
        let params = ThreadStartParams(model: nil, cwd: nil, hostAccess: .textOnly, dynamicTools: [tool]).json
        let thread = try await connection.request(AppServerMethod.threadStart, params: params)
        guard let threadID = thread["thread"]?["id"]?.stringValue else { throw Failure(description: "thread/start without an id") }
        let turn = try await connection.startTurnAwaitingRawResponse(
            threadID: threadID, params: TurnStartParams(threadID: threadID, text: "CALLFN:lookup").json
        )
        connection.send(AppServerMethod.turnInterrupt, params: TurnInterruptParams(threadID: threadID, turnID: turn).json)
        connection.send(AppServerMethod.threadUnsubscribe, params: ["threadId": .string(threadID)])
    }

    /// Runs `body` with a worker started as `executable app-server arguments…` in
    /// `workingDirectory`, handshaken first as the proxy does it (with `experimentalApi`, which
    /// the text-only thread's `environments: []` needs).
    static func withWorker<Result: Sendable>(
        executable: String, arguments: [String], workingDirectory: String? = nil, threadParams: JSONValue = ThreadStartParams().json,
        _ body: @escaping @Sendable (WorkerRPCDriver) async throws -> Result
    ) async throws -> Result {
        let connection = WorkerRPCConnection()
        let outcome = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(["app-server"] + arguments), workingDirectory: workingDirectory.map { FilePath($0) },
            input: .inputWriter, output: .sequence, error: .discarded
        ) { execution in
            let pid = execution.processIdentifier.value
            let writer = execution.standardInputWriter
            return try await withThrowingTaskGroup(of: Result?.self) { group in
                group.addTask {
                    var framer = LineFramer()
                    for try await buffer in execution.standardOutput {
                        for case .complete(let line) in framer.append(buffer.withUnsafeBytes { Array($0) }) { connection.receive(line) }
                    }
                    connection.closed()
                    return nil
                }
                group.addTask {
                    defer { connection.finish() }
                    _ = try await connection.request(AppServerMethod.initialize, params: InitializeParams(clientName: "loadsim", clientVersion: "1.0", experimentalApi: true).json)
                    connection.send(AppServerMethod.initialized, params: nil, notification: true)
                    return try await body(WorkerRPCDriver(connection: connection, threadParams: threadParams, pid: pid))
                }
                // This task owns the worker's stdin: it writes every outgoing line, then closes it.
                for await line in connection.outgoing { _ = try await writer.write(line) }
                try await writer.finish()
                var result: Result?
                while let next = try await group.next() { if let next { result = next } }
                guard let result else { throw Failure(description: "the worker run ended without a result") }
                return result
            }
        }
        return outcome.closureResult
    }
}

/// Requests by id and turn completions by thread id, over one worker's stdin/stdout.
final class WorkerRPCConnection: Sendable {
    private struct State {
        var nextID: Int64 = 1
        var pending: [Int64: CheckedContinuation<JSONValue, any Error>] = [:]
        var turns: [String: CheckedContinuation<Void, any Error>] = [:]
        /// Turns that completed (true) or failed (false) before anyone waited for them.
        var finishedTurns: [String: Bool] = [:]
        /// Waiters for a thread's first `rawResponse/completed`, and the threads that had one first.
        var rawResponses: [String: CheckedContinuation<Void, any Error>] = [:]
        var finishedRawResponses: Set<String> = []
        var closed = false
    }

    private let state = Mutex(State())
    let outgoing: AsyncStream<[UInt8]>
    private let output: AsyncStream<[UInt8]>.Continuation

    init() {
        (outgoing, output) = AsyncStream.makeStream(of: [UInt8].self)
    }

    func send(_ method: String, params: JSONValue?, notification: Bool = false) {
        let id = state.withLock { state in defer { state.nextID += 1 }; return state.nextID }
        let message: RPCMessage = notification
            ? .notification(RPCNotification(method: method, params: params))
            : .request(RPCRequest(id: .integer(id), method: method, params: params))
        output.yield(message.line(sender: .client))
    }

    func request(_ method: String, params: JSONValue) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { continuation in
            let id: Int64? = state.withLock { state in
                guard !state.closed else { return nil }
                defer { state.nextID += 1 }
                state.pending[state.nextID] = continuation
                return state.nextID
            }
            guard let id else { return continuation.resume(throwing: WorkerRPCDriver.Failure(description: "the worker is gone")) }
            output.yield(RPCMessage.request(RPCRequest(id: .integer(id), method: method, params: params)).line(sender: .client))
        }
    }

    /// Sends `turn/start` and waits for the thread's `turn/completed` (which may arrive before
    /// the `turn/start` response: it is kept until asked for).
    func runTurn(threadID: String, params: JSONValue) async throws {
        _ = try await request(AppServerMethod.turnStart, params: params)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let finished: Bool?? = state.withLock { state in
                if let outcome = state.finishedTurns.removeValue(forKey: threadID) { return .some(outcome) }
                if state.closed { return .some(nil) }
                state.turns[threadID] = continuation
                return .none
            }
            switch finished {
            case .some(.some(true)): continuation.resume()
            case .some(.some(false)): continuation.resume(throwing: WorkerRPCDriver.Failure(description: "turn not completed"))
            case .some(.none): continuation.resume(throwing: WorkerRPCDriver.Failure(description: "the worker is gone"))
            case .none: break
            }
        }
    }

    /// Sends `turn/start` and waits for the thread's first `rawResponse/completed` (kept when it
    /// arrives first); returns the turn id.
    func startTurnAwaitingRawResponse(threadID: String, params: JSONValue) async throws -> String {
        let result = try await request(AppServerMethod.turnStart, params: params)
        guard let turnID = result["turn"]?["id"]?.stringValue else { throw WorkerRPCDriver.Failure(description: "turn/start without an id") }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready: Bool? = state.withLock { state in
                if state.finishedRawResponses.remove(threadID) != nil { return true }
                if state.closed { return false }
                state.rawResponses[threadID] = continuation
                return nil
            }
            switch ready {
            case true?: continuation.resume()
            case false?: continuation.resume(throwing: WorkerRPCDriver.Failure(description: "the worker is gone"))
            case nil: break
            }
        }
        return turnID
    }

    func receive(_ line: [UInt8]) {
        guard let message = try? RPCMessage(line: line) else { return }
        switch message {
        case .response(let response):
            guard case .integer(let id) = response.id else { return }
            state.withLock { $0.pending.removeValue(forKey: id) }?.resume(returning: response.result)
        case .error(let error):
            guard case .integer(let id)? = error.id else { return }
            state.withLock { $0.pending.removeValue(forKey: id) }?.resume(throwing: WorkerRPCDriver.Failure(description: error.error.message))
        case .notification(let notification) where notification.method == AppServerMethod.turnCompleted:
            guard let threadID = notification.params?["threadId"]?.stringValue else { return }
            let completed = notification.params?["turn"]?["status"]?.stringValue == "completed"
            let waiter = state.withLock { state in
                let waiter = state.turns.removeValue(forKey: threadID)
                if waiter == nil, state.finishedTurns.count < 100_000 { state.finishedTurns[threadID] = completed }
                return waiter
            }
            if completed { waiter?.resume() } else { waiter?.resume(throwing: WorkerRPCDriver.Failure(description: "turn not completed")) }
        case .notification(let notification) where notification.method == AppServerMethod.rawResponseCompleted:
            guard let threadID = notification.params?["threadId"]?.stringValue else { return }
            let waiter = state.withLock { state in
                let waiter = state.rawResponses.removeValue(forKey: threadID)
                if waiter == nil, state.finishedRawResponses.count < 100_000 { state.finishedRawResponses.insert(threadID) }
                return waiter
            }
            waiter?.resume()
        default:
            return
        }
    }

    /// The worker's output ended: every waiter fails.
    func closed() {
        let (pending, turns) = state.withLock { state in
            state.closed = true
            defer { state.pending.removeAll(); state.turns.removeAll(); state.rawResponses.removeAll() }
            return (Array(state.pending.values), Array(state.turns.values) + Array(state.rawResponses.values))
        }
        for waiter in pending { waiter.resume(throwing: WorkerRPCDriver.Failure(description: "the worker exited")) }
        for waiter in turns { waiter.resume(throwing: WorkerRPCDriver.Failure(description: "the worker exited")) }
    }

    /// No more requests: closes the worker's stdin (it exits).
    func finish() { output.finish() }
}
