/// Runs one client that misbehaves on purpose (see ``ClientSpec``) and accounts for it.
struct MisbehavingClient: Sendable {
    let port: Int
    let apiKey: String
    let model: String
    let spec: ClientSpec
    let defaultPrompt: String

    func run(clock: LoadClock) async -> RequestRecord {
        let started = clock.now()
        var record = RequestRecord(client: spec.behaviour.rawValue, startMs: started, endMs: started, outcome: .unaccounted)
        let body = ChatClient.requestBody(model: model, prompt: spec.prompt ?? defaultPrompt, stream: spec.stream)
        let head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer \(apiKey)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var received: [UInt8] = []
        do {
            let socket = try await RawSocket(port: port, receiveBuffer: spec.behaviour == .stopReading ? 4096 : nil)
            try await socket.send(Array(head.utf8) + body)
            switch spec.behaviour {
            case .rst, .fin:
                // Read until the moment to disconnect; a response that ends first is judged as it is.
                if try await readUntil(socket, deadline: clock.now() + Double(spec.afterMs), into: &received, clock: clock, record: &record) {
                    judge(received, into: &record)
                    break
                }
                if spec.behaviour == .rst {
                    socket.armReset()
                    record.outcome = .disconnect
                    record.detail = "reset by the client after \(spec.afterMs) ms"
                } else {
                    socket.shutdownWrite()
                    let closed = try await readUntil(socket, deadline: clock.now() + Double(spec.holdMs), into: &received, clock: clock, record: &record)
                    record.outcome = closed ? .disconnect : .unaccounted
                    record.detail = closed ? "half-closed by the client after \(spec.afterMs) ms" : UnaccountedReason.hang.rawValue
                }
            case .stopReading:
                let deadline = clock.now() + Double(spec.holdMs)
                while clock.now() < deadline, !socket.poll().contains(.peerClosed) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                if socket.poll().contains(.peerClosed) {
                    // A response that was complete before the close is judged as it is; only a
                    // response the proxy gave up on is a cut.
                    _ = try await readUntil(socket, deadline: clock.now() + 5000, into: &received, clock: clock, record: &record)
                    judge(received, into: &record)
                    if record.outcome == .unaccounted || record.status == nil {
                        record.outcome = .cut
                        record.detail = "the proxy closed the connection of a client that stopped reading"
                    }
                } else {
                    record.detail = UnaccountedReason.neverCut.rawValue
                }
                socket.armReset()
            }
        } catch {
            record.detail = "\(UnaccountedReason.connectionFailed.rawValue): \(error)"
        }
        record.endMs = clock.now()
        return record
    }

    /// Reads into `received` until `deadline`; true when the peer closed first.
    private func readUntil(_ socket: RawSocket, deadline: Double, into received: inout [UInt8], clock: LoadClock, record: inout RequestRecord) async throws -> Bool {
        while clock.now() < deadline {
            switch socket.readAvailable() {
            case .data(let bytes):
                if record.firstByteMs == nil { record.firstByteMs = clock.now() }
                if received.count < 1 << 24 { received.append(contentsOf: bytes) }
            case .closed:
                return true
            case .wouldBlock:
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        return false
    }

    private func judge(_ received: [UInt8], into record: inout RequestRecord) {
        guard let response = RawHTTPResponse(received) else {
            record.detail = received.isEmpty ? "\(UnaccountedReason.connectionFailed.rawValue): closed without a response" : UnaccountedReason.badBody.rawValue
            return
        }
        record.status = response.status
        let verdict = ResponseJudge.judge(status: response.status, body: response.body, retryAfter: response.headers["retry-after"], stream: spec.stream)
        record.outcome = verdict.outcome
        record.code = verdict.code
        record.retryable = verdict.retryable
        record.detail = verdict.detail
    }
}

/// A complete HTTP/1.1 response read from a closed connection (chunked bodies decoded).
struct RawHTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard let split = Self.find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let head = String(decoding: bytes[..<split], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = head.first, let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        self.status = status
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingPrefix(" ").description
        }
        self.headers = headers
        let raw = Array(bytes[(split + 4)...])
        body = headers["transfer-encoding"]?.lowercased() == "chunked" ? Self.dechunk(raw) : raw
    }

    private static func dechunk(_ raw: [UInt8]) -> [UInt8] {
        var body: [UInt8] = []
        var offset = 0
        while let lineEnd = find([13, 10], in: raw, from: offset) {
            let sizeText = String(decoding: raw[offset..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingPrefix(" "), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            let end = min(raw.count, start + size)
            body.append(contentsOf: raw[start..<end])
            offset = end + 2
            guard offset < raw.count else { break }
        }
        return body
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count) where bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
        return nil
    }
}
