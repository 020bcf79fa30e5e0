import Foundation
import OrderedJSON
import Redaction

/// The contents of one trace file: `{"req_id", "trace_id", "timestamp", "events"}`, redacted,
/// at most `maxBytes` long.
///
/// Each event is redacted on its own (a joined item's whole text at once, so a secret split
/// over deltas is caught). Events are kept in order while they fit; a joined item too long for
/// the room left is cut and marked `truncated`; whatever does not fit is counted in one
/// `{"type": "truncated", "dropped_events", "max_bytes"}` marker at the end.
struct TraceDocument {
    let maxBytes: Int
    let redactor: Redactor

    /// Room kept for the envelope and the marker.
    static let envelopeBytes = 512

    /// The file's bytes. Each event is redacted and serialized in one pass; the envelope is
    /// written around the serialized events (the same bytes as serializing the whole document).
    func bytes(for recorder: TraceRecorder, timestamp: String) -> [UInt8] {
        let (events, droppedWhileRecording) = recorder.recorded
        let requestID = redactor.redact(recorder.requestID)
        var budget = max(0, maxBytes - Self.envelopeBytes - requestID.utf8.count)
        var body: [UInt8] = []
        var left = 0
        for (index, event) in events.enumerated() {
            // Redacted and serialized in one pass, straight into the body; taken back out if
            // it does not fit (then a joined item is cut to fit, anything else is dropped).
            let start = body.count
            if !body.isEmpty { body.append(UInt8(ascii: ",")) }
            redactor.writeRedacted(event, to: &body)
            let size = body.count - start
            guard size > budget else {
                budget -= size
                continue
            }
            body.removeSubrange(start...)
            let redacted = redactor.redact(event)
            guard let shortened = Self.shortened(redacted, size: size, toFit: budget) else {
                left = events.count - index
                break
            }
            let encoded = shortened.jsonBytes
            guard encoded.count + 1 <= budget else {
                left = events.count - index
                break
            }
            budget -= encoded.count + 1
            if !body.isEmpty { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: encoded)
        }
        if left + droppedWhileRecording > 0 {
            let marker: JSONValue = [
                "type": "truncated", "dropped_events": .integer(Int64(left + droppedWhileRecording)), "max_bytes": .integer(Int64(maxBytes)),
            ]
            if !body.isEmpty { body.append(UInt8(ascii: ",")) }
            marker.write(to: &body)
        }
        var document: [UInt8] = []
        document.reserveCapacity(body.count + Self.envelopeBytes)
        document.append(contentsOf: #"{"req_id":"#.utf8)
        JSONValue.writeString(requestID, to: &document)
        document.append(contentsOf: #","trace_id":"#.utf8)
        JSONValue.writeString(recorder.traceID, to: &document)
        document.append(contentsOf: #","timestamp":"#.utf8)
        JSONValue.writeString(timestamp, to: &document)
        document.append(contentsOf: #","events":["#.utf8)
        document.append(contentsOf: body)
        document.append(contentsOf: "]}".utf8)
        return document
    }

    /// A joined-delta record whose text is cut so the record fits `budget`, marked `truncated`.
    private static func shortened(_ event: JSONValue, size: Int, toFit budget: Int) -> JSONValue? {
        guard case .object(var object) = event, case .object(var params)? = object["params"], let text = params["delta"]?.stringValue else { return nil }
        let overhead = size - text.utf8.count + 64
        guard budget > overhead else { return nil }
        // Half the room: escapes can lengthen the text; a character cut in two decodes as U+FFFD.
        params["delta"] = .string(String(decoding: text.utf8.prefix((budget - overhead) / 2), as: UTF8.self))
        object["params"] = .object(params)
        object["truncated"] = true
        return .object(object)
    }
}
