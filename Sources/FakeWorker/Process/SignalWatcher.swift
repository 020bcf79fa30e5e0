@preconcurrency import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGTERM and SIGINT into an async sequence, so the serve loop can react to them in a
/// child task instead of dying mid-write. SIGPIPE is ignored: a closed stdout is noticed as a
/// failed write.
enum SignalWatcher {
    static func terminations() -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        _ = signal(SIGPIPE, SIG_IGN)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            _ = signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        let retained = sources
        continuation.onTermination = { _ in retained.forEach { $0.cancel() } }
        return stream
    }
}
