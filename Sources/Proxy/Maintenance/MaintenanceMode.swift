import Logging
import Synchronization

/// Whether the API is switched off for maintenance; toggled at run time by operators.
public final class MaintenanceMode: Sendable {
    private let enabled: Atomic<Bool>
    private let logger: Logger
    private let onChange: @Sendable (Bool) -> Void

    public init(enabled: Bool, logger: Logger, onChange: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.enabled = Atomic(enabled)
        var logger = logger
        logger[metadataKey: "component"] = "maintenance"
        self.logger = logger
        self.onChange = onChange
        onChange(enabled)
    }

    public var isEnabled: Bool {
        enabled.load(ordering: .acquiring)
    }

    /// Sets the mode; logs `maintenance_toggled` and notifies observers when it changes.
    public func set(_ newValue: Bool, requestID: String?) {
        let (exchanged, _) = enabled.compareExchange(expected: !newValue, desired: newValue, ordering: .acquiringAndReleasing)
        guard exchanged else { return }
        var metadata: Logger.Metadata = ["maintenance_mode": .stringConvertible(newValue)]
        if let requestID { metadata["request_id"] = "\(requestID)" }
        logger.notice("maintenance_toggled", metadata: metadata)
        onChange(newValue)
    }
}
