import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A lean HTTP/1.1 load client for CPU measurements: `concurrency` threads, each with one
/// keep-alive connection and blocking I/O, send one fixed request until exactly `requests` have
/// been sent in all. Its own CPU per request is a small fraction of an async HTTP client's, so
/// on a two-core machine it leaves the cores to the processes being measured.
struct BlockingHTTPLoad: Sendable {
    /// What one run observed: per-request latency (ms) of the successes, failures, wall time.
    struct Outcome: Sendable {
        var latencies: [Double]
        var failures: Int
        var seconds: Double
        /// The first failure, to say why a run went wrong.
        var firstFailure: String?

        var requestsPerSecond: Double { Double(latencies.count) / seconds }
        func percentile(_ p: Double) -> Double { Evaluator.percentile(latencies, p) }
    }

    let port: Int
    /// The whole request: head and body.
    let request: [UInt8]
    /// A success must also end its body with this (e.g. `data: [DONE]` of a stream).
    let requiredSuffix: [UInt8]?
    /// Bound on every send and receive.
    var timeoutSeconds = 120

    /// `POST path` with a JSON body and a bearer token, keep-alive.
    init(port: Int, path: String, jsonBody: [UInt8], bearer: String, requiredSuffix: String? = nil) {
        self.port = port
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(bearer)\r\nContent-Type: application/json\r\nContent-Length: \(jsonBody.count)\r\n\r\n"
        request = Array(head.utf8) + jsonBody
        self.requiredSuffix = requiredSuffix.map { Array($0.utf8) }
    }

    /// Sends `requests` requests over `concurrency` connections; returns once all are answered.
    func run(requests: Int, concurrency: Int) async -> Outcome {
        let shared = Shared(requests: requests)
        let started = ContinuousClock.now
        let parts = await withTaskGroup(of: Connection.Part.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    await withCheckedContinuation { continuation in
                        let thread = Thread {
                            var connection = Connection(load: self)
                            continuation.resume(returning: connection.run(shared))
                        }
                        thread.stackSize = 1 << 20
                        thread.start()
                    }
                }
            }
            var all: [Connection.Part] = []
            for await part in group { all.append(part) }
            return all
        }
        return Outcome(
            latencies: parts.flatMap(\.latencies), failures: parts.map(\.failures).reduce(0, +),
            seconds: (ContinuousClock.now - started).seconds, firstFailure: parts.compactMap(\.firstFailure).first
        )
    }

    /// Hands out request numbers to the connection threads.
    final class Shared: Sendable {
        let requests: Int
        let issued = Atomic<Int>(0)
        init(requests: Int) { self.requests = requests }
        func claim() -> Bool { issued.wrappingAdd(1, ordering: .relaxed).oldValue < requests }
    }
}

/// One connection thread of ``BlockingHTTPLoad``.
private struct Connection {
    struct Part: Sendable {
        var latencies: [Double] = []
        var failures = 0
        var firstFailure: String?
    }

    struct Failure: Error { var reason: String }

    let load: BlockingHTTPLoad
    var descriptor: Int32 = -1
    var buffer = [UInt8](repeating: 0, count: 65536)
    var pending: [UInt8] = []

    init(load: BlockingHTTPLoad) { self.load = load }

    mutating func run(_ shared: BlockingHTTPLoad.Shared) -> Part {
        var part = Part()
        part.latencies.reserveCapacity(shared.requests)
        while shared.claim() {
            let started = ContinuousClock.now
            do {
                if descriptor < 0 { try connect() }
                try send(load.request)
                let keepAlive = try receiveResponse()
                part.latencies.append((ContinuousClock.now - started).seconds * 1000)
                if !keepAlive { disconnect() }
            } catch {
                part.failures += 1
                if part.firstFailure == nil { part.firstFailure = (error as? Failure)?.reason ?? "\(error)" }
                disconnect()
            }
        }
        disconnect()
        return part
    }

    private mutating func connect() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(reason: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: load.timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(load.port).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(reason: "connect: errno \(errno)")
        }
        descriptor = fd
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    private func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw Failure(reason: "send: errno \(errno)") }
            offset += written
        }
    }

    /// Reads more bytes into `pending`; throws at end of stream or on a timeout.
    private mutating func fill() throws {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw Failure(reason: count == 0 ? "connection closed mid-response" : "recv: errno \(errno)") }
        pending.append(contentsOf: buffer[..<count])
    }

    /// Reads one response (Content-Length or chunked body); returns whether the connection stays open.
    private mutating func receiveResponse() throws -> Bool {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find([13, 10, 13, 10], in: pending, from: 0)
            if headEnd == nil { try fill() }
        }
        let bodyStart = headEnd! + 4
        let head = String(decoding: pending[..<headEnd!], as: UTF8.self).lowercased()
        guard head.hasPrefix("http/1.1 200") else { throw Failure(reason: "status: \(head.prefix(40))") }
        let keepAlive = !head.contains("connection: close")
        var body: ArraySlice<UInt8>
        if head.contains("transfer-encoding: chunked") {
            body = try readChunked(from: bodyStart)
        } else {
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) } ?? 0
            while pending.count < bodyStart + length { try fill() }
            body = pending[bodyStart..<(bodyStart + length)]
            pending.removeFirst(bodyStart + length)
        }
        if let suffix = load.requiredSuffix {
            while body.last == 10 || body.last == 13 { body = body.dropLast() }
            guard body.count >= suffix.count, body.suffix(suffix.count).elementsEqual(suffix) else { throw Failure(reason: "the body does not end with the expected suffix") }
        }
        return keepAlive
    }

    /// Reads a chunked body starting at `start` in `pending`; returns its last chunk's bytes
    /// (enough for the suffix check) and drops the whole response from `pending`.
    private mutating func readChunked(from start: Int) throws -> ArraySlice<UInt8> {
        var position = start
        var last: ArraySlice<UInt8> = []
        while true {
            var lineEnd = Self.find([13, 10], in: pending, from: position)
            while lineEnd == nil {
                try fill()
                lineEnd = Self.find([13, 10], in: pending, from: position)
            }
            let sizeText = String(decoding: pending[position..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw Failure(reason: "bad chunk size") }
            let dataStart = lineEnd! + 2
            while pending.count < dataStart + size + 2 { try fill() }
            if size == 0 {
                pending.removeFirst(dataStart + 2)
                return last
            }
            last = ArraySlice(pending[dataStart..<(dataStart + size)])
            position = dataStart + size + 2
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
