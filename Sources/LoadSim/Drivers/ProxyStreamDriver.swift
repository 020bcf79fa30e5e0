import OrderedJSON

/// Streams chat completions through a proxy at a fixed concurrency and times each one from the
/// request's start to the end of its stream (`data: [DONE]`).
struct ProxyStreamDriver: Sendable {
    let http: HTTP
    let baseURL: String
    let apiKey: String
    let model: String
    /// The conversation sent with every request.
    var messages: JSONValue = [["role": "user", "content": "benchmark"]]
    /// More body fields (e.g. `tools`).
    var extra: JSONObject = [:]

    func run(requests: Int, concurrency: Int) async -> LatencyRecorder {
        var body: JSONObject = ["model": .string(model), "stream": true, "messages": messages]
        body.merge(extra) { $1 }
        let bytes = JSONValue.object(body).jsonBytes
        return await ConcurrentLoop.run(requests: requests, concurrency: concurrency) { recorder in
            let started = ContinuousClock.now
            do {
                let reply = try await http.post(baseURL + "/v1/chat/completions", body: bytes, bearer: apiKey)
                guard reply.status == 200, String(decoding: reply.body.suffix(32), as: UTF8.self).contains("[DONE]") else {
                    recorder.recordFailure()
                    return
                }
                recorder.record(ContinuousClock.now - started)
            } catch {
                recorder.recordFailure()
            }
        }
    }
}

/// Runs `requests` operations with `concurrency` workers, each recording into its own recorder.
enum ConcurrentLoop {
    static func run(
        requests: Int,
        concurrency: Int,
        _ operation: @escaping @Sendable (inout LatencyRecorder) async -> Void
    ) async -> LatencyRecorder {
        await withTaskGroup(of: LatencyRecorder.self) { group in
            for worker in 0..<concurrency {
                let share = requests / concurrency + (worker < requests % concurrency ? 1 : 0)
                group.addTask {
                    var recorder = LatencyRecorder()
                    for _ in 0..<share { await operation(&recorder) }
                    return recorder
                }
            }
            var total = LatencyRecorder()
            for await recorder in group { total.merge(recorder) }
            return total
        }
    }
}
