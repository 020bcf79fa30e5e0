/// How log lines are written: one JSON object per line for machines, or aligned text for people.
public enum LogFormat: String, Sendable, CaseIterable {
    case json, text
}
