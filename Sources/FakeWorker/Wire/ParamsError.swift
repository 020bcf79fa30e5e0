import CodexAppServer

/// Why params were rejected, worded as the real binary words it.
struct ParamsError: Error {
    var message: String
}
