import Foundation
import OrderedJSON

/// Classifies a finished HTTP exchange by the accounting rules: success, clean error or
/// unaccounted (with the reason).
enum ResponseJudge {
    struct Verdict: Equatable {
        var outcome: OutcomeKind
        var code: String?
        var retryable: Bool?
        var detail: String?
    }

    /// A response with a status and a complete body (`retryAfter` is the header, if any).
    static func judge(status: Int, body: [UInt8], retryAfter: String?, stream: Bool) -> Verdict {
        if status == 200 {
            return stream ? judgeStream(body) : judgeJSON(body)
        }
        return judgeError(status: status, body: body, retryAfter: retryAfter)
    }

    static func judgeJSON(_ body: [UInt8]) -> Verdict {
        guard let json = try? JSONParser().parse(body), json["choices"]?.arrayValue?.isEmpty == false else {
            return Verdict(outcome: .unaccounted, detail: UnaccountedReason.badBody.rawValue)
        }
        return Verdict(outcome: .success)
    }

    /// An SSE body: success when it ends with `data: [DONE]` and has no error event; a clean
    /// error when an error event carries a code and `retryable`; else a cut stream.
    static func judgeStream(_ body: [UInt8]) -> Verdict {
        let text = String(decoding: body, as: UTF8.self)
        var done = false
        var contents: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where line.hasPrefix("data:") {
            let payload = line.dropFirst(5).trimmingPrefix(" ")
            if payload == "[DONE]" { done = true; continue }
            if payload.contains("use_tool"), let json = try? JSONParser().parse(String(payload)),
                let content = json["choices"]?[0]?["delta"]?["content"]?.stringValue
            {
                contents.append(content)
            }
            guard payload.contains("\"error\""), let json = try? JSONParser().parse(String(payload)), let error = json["error"] else { continue }
            let code = error["code"]?.stringValue
            guard let code else { return Verdict(outcome: .unaccounted, detail: UnaccountedReason.nonJSONError.rawValue) }
            guard let retryable = error["retryable"]?.boolValue else {
                return Verdict(outcome: .unaccounted, code: code, detail: UnaccountedReason.missingRetryable.rawValue)
            }
            return Verdict(outcome: .error, code: code, retryable: retryable)
        }
        guard done else { return Verdict(outcome: .unaccounted, detail: UnaccountedReason.streamCut.rawValue) }
        if splitsToolBlock(contents) { return Verdict(outcome: .unaccounted, detail: UnaccountedReason.splitToolBlock.rawValue) }
        return Verdict(outcome: .success)
    }

    /// True when a `<use_tool …>…</use_tool>` block reached the client in more than one delta:
    /// a closing tag without its opening in the same delta, or an opening without its closing
    /// in any delta but the last (a turn that ends inside a block sends the held text as it is).
    static func splitsToolBlock(_ deltas: [String]) -> Bool {
        for (index, delta) in deltas.enumerated() {
            var open = false
            var rest = Substring(delta)
            while let tag = rest.firstRange(of: "use_tool") {
                let isClose = rest[..<tag.lowerBound].hasSuffix("</")
                if isClose {
                    if !open { return true }
                    open = false
                } else if rest[..<tag.lowerBound].hasSuffix("<") {
                    open = true
                }
                rest = rest[tag.upperBound...]
            }
            if open, index != deltas.count - 1 { return true }
        }
        return false
    }

    static func judgeError(status: Int, body: [UInt8], retryAfter: String?) -> Verdict {
        guard let json = try? JSONParser().parse(body), let error = json["error"], let code = error["code"]?.stringValue else {
            return Verdict(outcome: .unaccounted, detail: UnaccountedReason.nonJSONError.rawValue)
        }
        let retryable = error["retryable"]?.boolValue
        if status >= 500, retryable == nil {
            return Verdict(outcome: .unaccounted, code: code, detail: UnaccountedReason.missingRetryable.rawValue)
        }
        if retryable == true, retryAfter.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) == nil {
            return Verdict(outcome: .unaccounted, code: code, retryable: true, detail: UnaccountedReason.missingRetryAfter.rawValue)
        }
        return Verdict(outcome: .error, code: code, retryable: retryable)
    }
}
