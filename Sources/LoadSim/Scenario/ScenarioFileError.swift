/// A scenario file that cannot be used, with the file, the line and the field at fault.
struct ScenarioFileError: Error, CustomStringConvertible, Sendable {
    var file: String
    var line: Int?
    var field: String
    var problem: String

    var description: String {
        "\(file):\(line.map(String.init) ?? "-"): \(field.isEmpty ? "(document)" : field): \(problem)"
    }
}
