import CodexAppServer
import Foundation
import TestSupport

/// Accumulates bytes from a drain task.
actor ByteCollector {
    private(set) var bytes: [UInt8] = []
    func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }
}
