import Foundation

/// The safety check that must pass before the real `codex` binary is started: this process must
/// be in a network namespace whose only interface is the loopback.
public enum NetworkIsolation {
    /// Interfaces seen by `/sys/class/net` and by `/proc/net/dev` (always per namespace; sysfs
    /// shows the namespace that mounted it, so both must agree).
    public static func interfaces() -> (sysfs: [String], procfs: [String]) {
        let sysfs = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? []).sorted()
        let dev = (try? String(contentsOfFile: "/proc/net/dev", encoding: .utf8)) ?? ""
        let procfs = dev.split(separator: "\n").dropFirst(2).compactMap { line in
            line.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }.sorted()
        return (sysfs, procfs)
    }

    /// `nil` when only `lo` is visible; otherwise why the real binary must not run.
    public static func violation() -> String? {
        let seen = interfaces()
        guard seen.sysfs == ["lo"], seen.procfs == ["lo"] else {
            return """
                REFUSING to run the real codex binary: network interfaces are not just lo \
                (/sys/class/net: \(seen.sysfs), /proc/net/dev: \(seen.procfs)). Run the suite inside a \
                loopback-only namespace with sysfs remounted, e.g. \
                unshare -n -m --propagation private sh -c 'mount -t sysfs sysfs /sys; ip link set lo up; \
                CODEX_REAL_BIN=… swift test --skip-build --filter RealCodexConformance'
                """
        }
        return nil
    }
}
