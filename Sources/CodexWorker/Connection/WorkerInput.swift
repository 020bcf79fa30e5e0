/// Where a connection's outgoing lines go: the worker's stdin.
protocol WorkerInput: Sendable {
    /// Queues one line (newline included) for the worker; lines from one caller keep their order.
    func write(_ line: [UInt8])
    /// Closes the worker's stdin once what was queued is written (a polite stop).
    func close()
}
