extension ChatTurn {
    /// How long a stopped turn's client gets to take its last event before the connection is cut.
    static let cutGrace: Duration = .seconds(1)

    /// Runs `body`, the writing of this turn's response, under a watchdog that the ``TurnClock``
    /// runs on every tick: a write pending for the write-stall timeout (a client that stopped
    /// reading), a deadline passed while a write is pending, or a stop request not honoured
    /// within ``cutGrace`` finishes the turn (its slot is freed at once) and cuts the
    /// connection, so the blocked write fails and `body` returns. No client holds a slot or the
    /// connection past its deadline plus ``cutGrace``.
    func respond(_ body: () async throws -> Void) async {
        setWatchingWrites(true)
        defer { setWatchingWrites(false) }
        try? await body()
    }

    /// One tick of the ``TurnClock``: wakes the event consumer when it has something to act on,
    /// and runs the write watchdog while the response is being written.
    func tick(at now: ContinuousClock.Instant) {
        if consumerNeedsWake(at: now) { subscription?.wake() }
        if isWatchingWrites, !watchWrites(at: now) {
            setWatchingWrites(false)
        }
    }

    /// Whether the event consumer has to look: a stop request, a client gone, the deadline
    /// passed, or a keepalive due. A turn waiting on its worker is otherwise left asleep (a wake
    /// costs a task switch, ten per second for every running turn).
    func consumerNeedsWake(at now: ContinuousClock.Instant) -> Bool {
        if stopRequest != nil || client.isClosed || client.halfClosed || now >= deadline { return true }
        guard let lastOutput else { return false }
        return now - lastOutput >= service.api.keepaliveInterval
    }

    /// The watchdog's check; returns `false` once it cut the connection (nothing left to watch).
    private func watchWrites(at now: ContinuousClock.Instant) -> Bool {
        let stallTimeout = service.api.writeStallTimeout
        let pendingWrite = writeStartedAt
        if let pendingWrite, now - pendingWrite >= stallTimeout {
            logger.notice("client_stalled", metadata: ["stall_ms": .stringConvertible((now - pendingWrite).milliseconds)])
            finish(.clientStalled)
            client.cut()
            return false
        }
        if now >= deadline {
            // The consumer cannot see the deadline while blocked in a write: end the turn for it.
            if pendingWrite != nil { finish(.deadline) }
            if now >= deadline + Self.cutGrace {
                client.cut()
                return false
            }
        }
        if let stop = stopRequest, now - stop.at >= Self.cutGrace {
            finish(stop.outcome)
            client.cut()
            return false
        }
        return true
    }
}
