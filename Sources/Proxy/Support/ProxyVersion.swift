/// The proxy's own version, reported to the worker as `clientInfo.version` and by `--version`.
public enum ProxyVersion {
    public static let current = "0.1.0"
}
