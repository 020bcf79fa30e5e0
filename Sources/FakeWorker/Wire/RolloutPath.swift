import Foundation

/// Where codex would keep a non-ephemeral thread's rollout:
/// `<CODEX_HOME>/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDTHH-MM-SS-<thread id>.jsonl`.
enum RolloutPath {
    static func make(codexHome: String, threadID: String, at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = "\(parts.year ?? 1970)/\(two(parts.month))/\(two(parts.day))"
        let stamp = "\(parts.year ?? 1970)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour))-\(two(parts.minute))-\(two(parts.second))"
        return "\(codexHome)/sessions/\(day)/rollout-\(stamp)-\(threadID).jsonl"
    }
}
