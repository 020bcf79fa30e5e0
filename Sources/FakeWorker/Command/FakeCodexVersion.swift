import ArgumentParser

/// The real release whose wire format the fake reproduces.
enum FakeCodexVersion {
    static let cliVersion = "0.163.0"
}
