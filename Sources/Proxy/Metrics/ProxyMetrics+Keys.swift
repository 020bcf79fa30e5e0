extension ProxyMetrics {
    /// Counts requests and refusals per key, and reloads.
    public var keyObserver: KeyObserver {
        let configured = registry.makeGauge(descriptor: Self.descriptor(MetricCatalog.keysConfigured))
        let reloadFailures = registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.keysReloadFailures))
        return KeyObserver(
            rejected: { [registry] key, kind in
                registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.rateLimitRejected), labels: [("key", key), ("kind", kind.rawValue)])
                    .increment()
            },
            answered: { [registry] key, status in
                registry.makeCounter(descriptor: Self.descriptor(MetricCatalog.keyRequests), labels: [("key", key), ("status_family", "\(status / 100)xx")])
                    .increment()
            },
            reloaded: { succeeded, keys in
                configured.set(Double(keys))
                if !succeeded { reloadFailures.increment() }
            }
        )
    }
}
