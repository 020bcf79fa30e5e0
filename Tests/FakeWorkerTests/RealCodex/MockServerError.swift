import Foundation
import TestSupport

struct MockServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
