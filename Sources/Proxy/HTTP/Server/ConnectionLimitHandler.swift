import NIOCore
import NIOHTTPTypes
import Synchronization

/// Counts the API listener's open connections against `PROXY_MAX_CONNECTIONS`.
final class ConnectionCounter: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place if one is free.
    func admit() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < limit {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    func release() {
        open.subtract(1, ordering: .acquiringAndReleasing)
    }

    /// Connections holding a place now.
    var count: Int { open.load(ordering: .relaxed) }
}

/// Admits a connection while fewer than the limit are open. A connection past the limit never
/// reaches the router: its first request gets 503 `too_many_connections` (retryable) and the
/// connection is closed; one that sends nothing is closed after `refusedWait`.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let counter: ConnectionCounter
    private let refusedWait: TimeAmount
    private var admitted = false
    private var decided = false
    private var refused = false
    private var closeTimer: Scheduled<Void>?

    init(counter: ConnectionCounter, refusedWait: Duration) {
        self.counter = counter
        self.refusedWait = TimeAmount(refusedWait)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        decide(context: context)
    }

    func channelActive(context: ChannelHandlerContext) {
        decide(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard decided, !admitted else {
            context.fireChannelRead(data)
            return
        }
        if case .head = unwrapInboundIn(data), !refused {
            refused = true
            closeTimer?.cancel()
            HTTPRejection.respond(.tooManyConnections(limit: counter.limit), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if decided, !admitted {
            context.close(promise: nil)
            return
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        releasePlace()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        releasePlace()
    }

    private func decide(context: ChannelHandlerContext) {
        guard !decided, context.channel.isActive else { return }
        decided = true
        admitted = counter.admit()
        if !admitted {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            closeTimer = context.eventLoop.scheduleTask(in: refusedWait) { loopBound.value.close(promise: nil) }
        }
    }

    private func releasePlace() {
        closeTimer?.cancel()
        closeTimer = nil
        if admitted {
            admitted = false
            counter.release()
        }
    }
}
