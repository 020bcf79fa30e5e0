import CodexAppServer
import Foundation

/// One fake app-server process: reads stdin until it closes, serves requests, runs turns as
/// child tasks, and exits 0 at end of input (in-flight turns are abandoned, as codex does).
struct AppServer {
    let settings: LaunchSettings

    /// Serves until stdin closes; returns the exit code.
    func run() async -> Int32 {
        let context = ServerContext(
            settings: settings,
            output: OutputChannel(
                faults: FaultTriggers(crash: settings.behaviour.crash, hang: settings.behaviour.hang, closeStdout: settings.behaviour.closeStdout),
                events: settings.events,
                truncatedFinalLine: settings.behaviour.truncatedFinalLine
            ),
            state: ServerState()
        )
        settings.events.record("start", [
            "argv": .array(CommandLine.arguments.map(JSONValue.string)),
            "launchNumber": .integer(Int64(settings.launchNumber)),
        ])
        let terminations = SignalWatcher.terminations()
        let dispatcher = RequestDispatcher(context: context)
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await signal in terminations {
                    await Self.terminate(by: signal, context: context)
                }
            }
            if let noise = settings.behaviour.stderrNoise {
                group.addTask { await StderrNoise.run(noise) }
            }
            for await line in StdinLines.stream() {
                await dispatcher.handle(line, turns: &group)
            }
            if await context.output.isHung {
                settings.events.record("eof", ["hung": true])
                // A hung worker does not notice its input closing; only a signal ends it.
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            }
            group.cancelAll()
        }
        await context.output.leaveTruncatedLineIfScripted()
        settings.events.record("exit", ["code": 0])
        StandardError.log("stdin closed; exiting")
        return 0
    }

    /// SIGTERM/SIGINT: log, leave the scripted partial line, exit 0 at once — what codex 0.163.0
    /// does (it exits 0 within a few milliseconds of SIGTERM, abandoning in-flight turns).
    private static func terminate(by signal: Int32, context: ServerContext) async {
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        context.events.record("exit", ["code": 0, "signal": .string(name)])
        StandardError.log("received \(name); exiting")
        if context.behaviour.truncatedFinalLine {
            FileDescriptorWriter.writeAll(Array(OutputChannel.truncatedLine.utf8), to: 1)
        }
        exit(0)
    }
}
