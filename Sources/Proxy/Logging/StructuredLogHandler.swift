import Foundation
import Logging
import OrderedJSON
import Redaction

/// A swift-log handler that writes one JSON object (or one text line) per event, every string
/// redacted first.
///
/// The message is the event name (`worker_ready`); metadata become fields. A message that is not
/// an event name (a library's prose) is written as event `library_log` with a `message` field
/// holding the text and the library's metadata; framework-internal `hb.*` metadata are dropped. Integer, floating
/// point and boolean metadata given with `.stringConvertible` keep their type in JSON. Field order
/// is stable: `timestamp, level, event, request_id, component`, then the documented fields in
/// their documented order, then any others alphabetically.
public struct StructuredLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level

    private let writer: LogLineWriter
    private let redactor: Redactor
    private let format: LogFormat

    public init(writer: LogLineWriter, redactor: Redactor, format: LogFormat, level: Logger.Level) {
        self.writer = writer
        self.redactor = redactor
        self.format = format
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata {
            if merged.isEmpty { merged = own } else { merged.merge(own) { $1 } }
        }
        if let error = event.error, merged["error"] == nil { merged["error"] = "\(error)" }
        var eventName = event.message.description
        if !LogFields.isEventName(eventName) {
            // A library's prose: its own metadata keys are not part of the schema, so they are
            // folded into the message text.
            merged = merged.filter { !$0.key.hasPrefix("hb.") }
            let details = merged.filter { !LogFields.common.contains($0.key) }.sorted { $0.key < $1.key }
            merged = merged.filter { LogFields.common.contains($0.key) }
            merged["message"] = .string(([eventName] + details.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
            eventName = "library_log"
        }
        let timestamp = UTCTimestamp.now().iso8601
        // The three leading fields; a field of the same name takes its place instead of repeating it.
        var leading: [(key: String, value: JSONValue)] = [("timestamp", .string(timestamp)), ("level", .string(event.level.rawValue)), ("event", .string(eventName))]
        var fields: [(key: String, value: JSONValue)] = []
        fields.reserveCapacity(merged.count)
        for (key, value) in LogFields.ordered(merged) {
            if let index = leading.firstIndex(where: { $0.key == key }) {
                leading[index].value = convert(value)
            } else {
                fields.append((key, convert(value)))
            }
        }
        switch format {
        case .json:
            // Written field by field: the same bytes as serializing one ordered object, without
            // building it (this runs for every request).
            var bytes: [UInt8] = []
            bytes.reserveCapacity(512)
            for field in [leading, fields].joined() {
                bytes.append(bytes.isEmpty ? UInt8(ascii: "{") : UInt8(ascii: ","))
                JSONValue.writeString(field.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                field.value.write(to: &bytes)
            }
            bytes.append(contentsOf: "}\n".utf8)
            writer.write(bytes)
        case .text:
            var line = "\(leading[0].value.stringValue ?? timestamp) \(event.level.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))\(leading[2].value.stringValue ?? eventName)"
            for (key, value) in fields {
                line += " \(key)=" + (value.stringValue ?? value.jsonString)
            }
            line += "\n"
            writer.write(Array(line.utf8))
        }
    }

    private func convert(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string):
            return .string(redactor.redact(string))
        case .stringConvertible(let convertible):
            switch convertible {
            case let bool as Bool: return .bool(bool)
            case let integer as any BinaryInteger: return .integer(Int64(integer))
            case let double as Double: return .double(double)
            default: return .string(redactor.redact(convertible.description))
            }
        case .array(let values):
            return .array(values.map(convert))
        case .dictionary(let dictionary):
            return .object(JSONObject(uniqueKeysWithValues: dictionary.sorted { $0.key < $1.key }.map { ($0.key, convert($0.value)) }))
        }
    }
}
