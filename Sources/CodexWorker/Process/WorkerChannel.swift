import CodexAppServer
import Logging
import NIOCore
import NIOPosix
import SystemPackage

/// The proxy's ends of a worker's stdin and stdout as one NIO pipe channel on the shared event
/// loops (the HTTP server's own).
///
/// Every line of stdout is framed and handed to the ``AppServerConnection`` on the event loop
/// that read it, with no thread or task in between: a worker line costs one wake-up of the
/// loop and then one hand-off to the turn it belongs to. Lines for stdin are written from
/// whatever task sends them, queued by NIO in order.
struct WorkerChannel: WorkerInput {
    private let channel: any Channel
    /// Fires when stdout reached its end or failed: the worker is dead or dying.
    let outputClosed: OneShotEvent

    /// Takes ownership of `pipes`' proxy ends (on failure they are left to the caller).
    static func open(
        _ pipes: WorkerPipes, connection: AppServerConnection, logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> WorkerChannel {
        let outputClosed = OneShotEvent()
        let channel = try await NIOPipeBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let reader = WorkerOutputReader(connection: connection, outputClosed: outputClosed, logger: logger)
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
            .takingOwnershipOfDescriptors(input: pipes.output.rawValue, output: pipes.input.rawValue)
            .get()
        return WorkerChannel(channel: channel, outputClosed: outputClosed)
    }

    func write(_ line: [UInt8]) {
        channel.writeAndFlush(channel.allocator.buffer(bytes: line), promise: nil)
    }

    func close() {
        channel.close(mode: .output, promise: nil)
    }

    /// Closes both pipes (after the process ended).
    func closeAll() {
        channel.close(mode: .all, promise: nil)
    }
}

/// Frames the worker's stdout into lines and gives each to the connection, on the event loop.
private final class WorkerOutputReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var framer = LineFramer()
    private let connection: AppServerConnection
    private let outputClosed: OneShotEvent
    private let logger: Logger

    init(connection: AppServerConnection, outputClosed: OneShotEvent, logger: Logger) {
        self.connection = connection
        self.outputClosed = outputClosed
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let chunk = unwrapInboundIn(data)
        let lines = chunk.withUnsafeReadableBytes { framer.append($0) }
        for line in lines {
            switch line {
            case .complete(let bytes) where !bytes.isEmpty:
                connection.receive(line: bytes)
            case .complete:
                continue
            case .oversized(let length):
                logger.warning("worker_output_oversized", metadata: ["bytes": .stringConvertible(length)])
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .complete(let tail)? = framer.finish() {
            logger.warning("worker_output_truncated", metadata: ["bytes": .stringConvertible(tail.count)])
        }
        outputClosed.fire()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("worker_output_read_failed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
