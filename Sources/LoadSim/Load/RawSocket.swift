#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking TCP socket to a loopback port, for clients that misbehave in ways an HTTP
/// library hides: resetting (SO_LINGER 0), half-closing (FIN) and not reading at all.
/// Every call is non-blocking; waits are short sleeps, so no thread of the pool is held.
final class RawSocket: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let descriptor: Int32

    /// Connects to 127.0.0.1:`port`; a small `receiveBuffer` makes a non-reading client stall the peer sooner.
    init(port: Int, receiveBuffer: Int? = nil, timeoutMs: Int = 5000) async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        descriptor = fd
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            guard errno == EINPROGRESS else { throw Failure(description: "connect: errno \(errno)") }
            let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
            while !poll(events: Int16(POLLOUT)).contains(.writable) {
                guard ContinuousClock.now < deadline else { throw Failure(description: "connect timed out") }
                try await Task.sleep(for: .milliseconds(2))
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw Failure(description: "connect: errno \(error)") }
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes` within `timeoutMs`.
    func send(_ bytes: [UInt8], timeoutMs: Int = 5000) async throws {
        var offset = 0
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                guard ContinuousClock.now < deadline else { throw Failure(description: "send timed out") }
                try await Task.sleep(for: .milliseconds(2))
            } else {
                throw Failure(description: "send: errno \(errno)")
            }
        }
    }

    enum ReadResult { case data([UInt8]), wouldBlock, closed }

    /// Reads what is available without waiting.
    func readAvailable() -> ReadResult {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 { return .data(Array(buffer[..<count])) }
        if count == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK ? .wouldBlock : .closed
    }

    struct Readiness: OptionSet {
        let rawValue: Int16
        static let writable = Readiness(rawValue: 1)
        /// The peer closed its side (FIN) or reset, seen even when unread data is queued.
        static let peerClosed = Readiness(rawValue: 2)
    }

    /// Polls without waiting; POLLRDHUP reports the peer's FIN behind unread data.
    func poll(events: Int16 = 0x2000) -> Readiness {
        var entry = pollfd(fd: descriptor, events: events | 0x2000, revents: 0)
        guard Glibc.poll(&entry, 1, 0) > 0 else { return [] }
        var readiness: Readiness = []
        if entry.revents & Int16(POLLOUT) != 0 { readiness.insert(.writable) }
        if entry.revents & (0x2000 | Int16(POLLHUP) | Int16(POLLERR)) != 0 { readiness.insert(.peerClosed) }
        return readiness
    }

    /// Half-closes: the peer reads end-of-stream, the socket can still read.
    func shutdownWrite() { _ = shutdown(descriptor, Int32(SHUT_WR)) }

    /// Arms SO_LINGER 0 so that the coming close sends a reset instead of a FIN.
    func armReset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}
