/// A thread id the `uuid` crate rejects; `message` is its wording.
struct ThreadIDError: Error, Equatable {
    var message: String
}
