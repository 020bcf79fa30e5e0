import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A client on a raw, non-blocking TCP socket, for what HTTP libraries do not do: stop reading
/// (with a small receive buffer), half-close after sending, or reset.
final class RawHTTPClient: Sendable {
    let descriptor: Int32

    /// Connects to `127.0.0.1:port`; `receiveBuffer` shrinks `SO_RCVBUF` before connecting.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawHTTPError.system("socket", errno) }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawHTTPError.system("connect", errno) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(descriptor)
    }

    /// Sends a `POST /v1/chat/completions` with `body` and the test key.
    func sendChat(_ body: [UInt8], apiKey: String) async throws {
        var request = Array(
            "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(apiKey)\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8
        )
        request += body
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw RawHTTPError.system("send", errno) }
                try await Task.sleep(for: .milliseconds(5))
                continue
            }
            offset += written
        }
    }

    /// Sends FIN: the client will send nothing more but could still read.
    func halfClose() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads what has arrived until the server closes the connection or `timeout` passes.
    /// Returns the bytes and whether the server closed.
    func readUntilClosed(timeout: Duration) async throws -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 {
                return (received, true)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                try await Task.sleep(for: .milliseconds(10))
            } else {
                return (received, true)
            }
        }
        return (received, false)
    }
}

enum RawHTTPError: Error, CustomStringConvertible {
    case system(String, Int32)

    var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
