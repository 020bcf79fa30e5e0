import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// The two pipes between the proxy and a worker: its stdin and its stdout.
///
/// Every end is close-on-exec, so no other child the proxy spawns inherits one (an inherited
/// stdout write end would keep the pipe open after the worker died and hide its death). Glibc's
/// `pipe2` is out of Swift's reach, so the flag is set right after `pipe`; the window between
/// the two is harmless because every child the proxy starts goes through swift-subprocess,
/// which closes all descriptors above 2 in the child. The child's ends are handed to the spawn,
/// which installs them as fd 0 and 1 and closes the proxy's copies; the proxy's ends go to a
/// ``WorkerChannel``.
struct WorkerPipes {
    /// The worker reads its stdin from here.
    let childInput: FileDescriptor
    /// The proxy writes the worker's stdin here.
    let input: FileDescriptor
    /// The proxy reads the worker's stdout from here.
    let output: FileDescriptor
    /// The worker writes its stdout here.
    let childOutput: FileDescriptor

    init() throws {
        let (childInput, input) = try Self.closeOnExecPipe()
        do {
            (output, childOutput) = try Self.closeOnExecPipe()
        } catch {
            try? childInput.close()
            try? input.close()
            throw error
        }
        self.childInput = childInput
        self.input = input
    }

    /// Closes every end (when neither the spawn nor a channel took them).
    func closeAll() {
        for descriptor in [childInput, input, output, childOutput] {
            try? descriptor.close()
        }
    }

    private static func closeOnExecPipe() throws -> (read: FileDescriptor, write: FileDescriptor) {
        let (read, write) = try FileDescriptor.pipe()
        for descriptor in [read, write] where fcntl(descriptor.rawValue, F_SETFD, FD_CLOEXEC) != 0 {
            let error = Errno(rawValue: errno)
            try? read.close()
            try? write.close()
            throw error
        }
        return (read, write)
    }
}
