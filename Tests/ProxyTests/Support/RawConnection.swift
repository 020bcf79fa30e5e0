import NIOCore
import NIOPosix
import Synchronization

/// A plain TCP connection to the proxy that sends exactly the bytes a test gives it, when it
/// gives them: for trickling, truncated and malformed requests no HTTP client would send.
struct RawConnection: Sendable {
    let channel: any Channel
    private let received: ReceivedBytes

    static func open(port: Int) async throws -> RawConnection {
        let received = ReceivedBytes()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ByteCollector(received: received)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    static func open(_ baseURL: String) async throws -> RawConnection {
        try await open(port: Int(baseURL.split(separator: ":").last!)!)
    }

    /// Writes `text` now; fails when the server already closed the connection.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Sends `text` one byte at a time with `pause` between bytes; stops early (returning how
    /// many bytes went out) when the server closes the connection.
    func trickle(_ text: String, pause: Duration) async throws -> Int {
        var sent = 0
        for byte in text.utf8 {
            if isClosed { break }
            do {
                try await channel.writeAndFlush(ByteBuffer(bytes: [byte])).get()
            } catch {
                break
            }
            sent += 1
            try await Task.sleep(for: pause)
        }
        return sent
    }

    /// Half-closes: the server sees end of input (FIN) and may still answer.
    func finishSending() async throws {
        try await channel.close(mode: .output).get()
    }

    var isClosed: Bool { received.closed }

    /// Everything the server sent so far.
    var text: String { String(decoding: received.bytes, as: UTF8.self) }

    /// Waits until the server closes the connection; `false` if it is still open after `timeout`.
    func waitForClose(timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !received.closed {
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// What one connection received, and whether the server closed it.
final class ReceivedBytes: Sendable {
    private let state = Mutex<(bytes: [UInt8], closed: Bool)>(([], false))
    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var closed: Bool { state.withLock { $0.closed } }
    func append(_ buffer: ByteBuffer) { state.withLock { $0.bytes += buffer.readableBytesView } }
    func markClosed() { state.withLock { $0.closed = true } }
}

private final class ByteCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let received: ReceivedBytes

    init(received: ReceivedBytes) {
        self.received = received
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { received.markClosed() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        received.markClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        received.markClosed()
        context.close(promise: nil)
    }
}
