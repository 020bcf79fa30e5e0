import CodexAppServer

/// The serde step of the real app-server: `params` must exist and match the method's struct.
enum ParamsDecoding {
    /// The params, or the full -32600 message ("Invalid request: missing field `params`", ...).
    static func validate(_ request: RPCRequest, _ schema: SerdeStruct) -> Result<JSONValue, ParamsError> {
        guard let params = request.params, !params.isNull else {
            return .failure(ParamsError(message: "Invalid request: missing field `params`"))
        }
        do {
            try SerdeValidator.validateStructure(params, schema)
            return .success(params)
        } catch {
            return .failure(ParamsError(message: "Invalid request: \(error.message)"))
        }
    }
}
