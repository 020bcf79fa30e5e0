import OrderedJSON
import Testing

@testable import Proxy

/// Every function-calling rule refuses the request before any worker call, with 400 naming the field.
@Suite("Function calling validation")
struct FunctionCallingValidationTests {
    static func request(_ extra: JSONObject) -> Result<ChatCompletionRequest, ProxyError> {
        var body: JSONObject = ["model": "m", "messages": [["role": "user", "content": "hi"]]]
        body.merge(extra) { $1 }
        do throws(ProxyError) {
            return .success(try ChatCompletionRequest(json: .object(body), models: ["m"]))
        } catch {
            return .failure(error)
        }
    }

    static func function(_ name: JSONValue, parameters: JSONValue? = nil) -> JSONValue {
        var function: JSONObject = ["name": name]
        if let parameters { function["parameters"] = parameters }
        return ["type": "function", "function": .object(function)]
    }

    static let cases: [(String, JSONObject, String, String)] = [
        ("type other than function", ["tools": [["type": "code_interpreter"]]], "tools[0].type", "invalid_value"),
        ("empty name", ["tools": [function("")]], "tools[0].function.name", "invalid_value"),
        ("name with a space", ["tools": [function("get weather")]], "tools[0].function.name", "invalid_value"),
        ("name over 128 characters", ["tools": [function(.string(String(repeating: "a", count: 129)))]], "tools[0].function.name", "invalid_value"),
        ("reserved name", ["tools": [function("exec_command")]], "tools[0].function.name", "invalid_value"),
        ("duplicate name", ["tools": [function("a"), function("a")]], "tools[1].function.name", "invalid_value"),
        ("parameters not an object schema", ["tools": [function("a", parameters: ["type": "string"])]], "tools[0].function.parameters", "invalid_value"),
        ("more than 128 tools", ["tools": .array((0..<129).map { function(.string("f\($0)")) })], "tools", "invalid_value"),
        ("tool_choice required", ["tools": [function("a")], "tool_choice": "required"], "tool_choice", "unsupported_value"),
        ("tool_choice naming a function", ["tools": [function("a")], "tool_choice": ["type": "function", "function": ["name": "a"]]], "tool_choice", "unsupported_value"),
        ("parallel_tool_calls not a boolean", ["tools": [function("a")], "parallel_tool_calls": "yes"], "parallel_tool_calls", "invalid_type"),
        ("legacy functions", ["functions": [["name": "a"]]], "functions", "unsupported_parameter"),
        ("legacy function_call", ["function_call": "auto"], "function_call", "unsupported_parameter"),
    ]

    @Test("each rule answers 400 with its param and code", arguments: cases.indices)
    func rule(_ index: Int) {
        let (name, extra, param, code) = Self.cases[index]
        guard case .failure(let error) = Self.request(extra) else {
            Issue.record("\(name): accepted")
            return
        }
        #expect(error.status == .badRequest, "\(name)")
        #expect(error.param == param, "\(name): \(error.message)")
        #expect(error.code == code, "\(name): \(error.message)")
    }

    @Test("valid tools are read with their defaults; strict is accepted")
    func validTools() throws {
        let request = try Self.request([
            "tools": [["type": "function", "function": ["name": "get_weather-2", "strict": true]]], "parallel_tool_calls": false,
        ]).get()
        let calling = try #require(request.functionCalling)
        #expect(calling.tools.map(\.name) == ["get_weather-2"])
        #expect(calling.tools[0].dynamicTool["inputSchema"] == ["type": "object", "properties": [:]])
        #expect(calling.tools[0].dynamicTool["description"] == "")
        #expect(calling.parallel == false)
        #expect(calling.choice == .auto)
    }

    @Test("an empty tools list is no function calling")
    func emptyTools() throws {
        #expect(try Self.request(["tools": []]).get().functionCalling == nil)
    }
}
