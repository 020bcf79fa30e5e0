import CodexAppServer
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Stdin as an async sequence of framed lines.
///
/// Reads block, so they run on a dedicated thread rather than on the two-thread cooperative pool;
/// the stream ends at end of input (an unterminated last line is delivered first).
enum StdinLines {
    static func stream(descriptor: Int32 = 0) -> AsyncStream<LineFramer.Line> {
        let (stream, continuation) = AsyncStream.makeStream(of: LineFramer.Line.self)
        let reader = Thread {
            var framer = LineFramer()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    for line in framer.append(buffer[0..<count]) { continuation.yield(line) }
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            if let tail = framer.finish() { continuation.yield(tail) }
            continuation.finish()
        }
        reader.name = "fake-codex stdin"
        reader.start()
        return stream
    }
}
