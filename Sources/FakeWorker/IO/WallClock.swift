import CodexAppServer
import Foundation

/// Wall-clock readings in the units the protocol uses.
enum WallClock {
    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
    static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
