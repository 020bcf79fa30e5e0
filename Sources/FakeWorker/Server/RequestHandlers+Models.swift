import CodexAppServer

extension RequestHandlers {
    /// `model/list {cursor?, limit?, includeHidden?}`: one page of the catalog (see ``FakeModelCatalog``).
    func modelList(_ id: RequestID, _ params: JSONValue) async {
        let limit = params["limit"]?.integerValue.map { Int(clamping: $0) }
        let page = context.behaviour.models.page(
            cursor: params["cursor"]?.stringValue, limit: limit, includeHidden: params["includeHidden"]?.boolValue ?? false
        )
        switch page {
        case .success(let result): await context.output.respond(id, result)
        case .failure(let error): await context.reject(id, error.message)
        }
    }
}
