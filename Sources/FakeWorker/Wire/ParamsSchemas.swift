/// The parameter shapes of the requests the fake serves, as codex 0.163.0 declares them
/// (field names, which are required, enum spellings in declaration order).
enum ParamsSchemas {
    static let approvalPolicy = SerdeShape.enumeration([
        .unit("untrusted"), .unit("on-request"), .structure("granular"), .unit("never"),
    ])

    static let sandboxMode = SerdeShape.enumeration([
        .unit("read-only"), .unit("workspace-write"), .unit("danger-full-access"),
    ])

    static let initialize = SerdeStruct(
        "InitializeParams",
        fields: [
            .required("clientInfo", .structure(SerdeStruct("ClientInfo", fields: [
                .required("name", .string), .optional("title", .string), .required("version", .string),
            ]))),
            .optional("capabilities", .structure(SerdeStruct("InitializeCapabilities", fields: [
                .optional("experimentalApi", .bool), .optional("optOutNotificationMethods", .sequence(.string)),
            ]))),
        ]
    )

    static let turnEnvironment = SerdeStruct(
        "TurnEnvironmentParams",
        fields: [.required("environmentId", .string), .required("cwd", .string), .optional("runtimeWorkspaceRoots", .sequence(.string))]
    )

    static let threadStart = SerdeStruct(
        "ThreadStartParams",
        fields: [
            .optional("model", .string), .optional("modelProvider", .string), .optional("serviceTier", .any),
            .optional("cwd", .string), .optional("approvalPolicy", approvalPolicy), .optional("approvalsReviewer", .any),
            .optional("sandbox", sandboxMode), .optional("config", .map), .optional("serviceName", .string),
            .optional("baseInstructions", .string), .optional("developerInstructions", .string),
            .optional("personality", .any), .optional("ephemeral", .bool),
            .optional("dynamicTools", .sequence(.any)), .optional("environments", .sequence(.structure(turnEnvironment))),
            .defaulted("experimentalRawEvents", .bool),
        ],
        declaredFieldCount: 27
    )

    static let imageDetail = SerdeShape.enumeration([.unit("auto"), .unit("low"), .unit("high"), .unit("original")])

    static let userInput = SerdeShape.tagged(name: "UserInput", tag: "type", variants: [
        ("text", SerdeStruct("Text", fields: [.required("text", .string), .optional("text_elements", .any)])),
        // `url` or `fileId` (an untagged `ImageReference`, checked by ``TurnStartChecks``).
        ("image", SerdeStruct("Image", fields: [.optional("url", .string), .optional("fileId", .string), .optional("detail", imageDetail)])),
        ("localImage", SerdeStruct("LocalImage", fields: [.required("path", .string)])),
        ("audio", SerdeStruct("Audio", fields: [])),
        ("localAudio", SerdeStruct("LocalAudio", fields: [])),
        ("skill", SerdeStruct("Skill", fields: [])),
        ("mention", SerdeStruct("Mention", fields: [])),
    ])

    static let turnStart = SerdeStruct(
        "TurnStartParams",
        fields: [
            .required("threadId", .string), .required("input", .sequence(userInput)),
            .optional("cwd", .string), .optional("approvalPolicy", approvalPolicy), .optional("model", .string),
            .optional("serviceTier", .string), .optional("effort", .string), .optional("summary", .any), .optional("outputSchema", .any),
        ]
    )

    static let turnInterrupt = SerdeStruct(
        "TurnInterruptParams",
        fields: [.required("threadId", .string), .required("turnId", .string)]
    )

    static let threadUnsubscribe = SerdeStruct(
        "ThreadUnsubscribeParams",
        fields: [.required("threadId", .string)]
    )

    static let threadInjectItems = SerdeStruct(
        "ThreadInjectItemsParams",
        fields: [.required("threadId", .string), .required("items", .sequence(.any))]
    )

    static let modelList = SerdeStruct(
        "ModelListParams",
        fields: [.optional("cursor", .string), .optional("limit", .any), .optional("includeHidden", .bool)]
    )
}
