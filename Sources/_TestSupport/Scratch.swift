import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh path for a test's files: `<tmp>/metalab-tests-<pid>/<prefix>-<n>` (nothing is
/// created; `n` counts the paths made in this process, which keeps them short enough that a
/// message naming one fits a line as it did before). Every path lies under one folder per test process, which goes when the process
/// exits; one left by a process that crashed goes at the next run. So a test suite leaves
/// nothing behind in the temporary folder (it once left 12,000 files and folders).
public func scratchPath(_ prefix: String) -> String {
    Scratch.root + "/" + prefix + "-" + String(Scratch.made.add(1, ordering: .relaxed).newValue)
}

/// `scratchPath(prefix)`, created as an empty folder.
public func scratchFolder(_ prefix: String) throws -> String {
    let path = scratchPath(prefix)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

enum Scratch {
    static let prefix = "metalab-tests-"
    static let made = Atomic<Int>(0)

    /// This process's folder, made (and its removal at exit registered) on first use.
    static let root: String = {
        let temporary = NSTemporaryDirectory()
        removeFoldersOfEndedProcesses(in: temporary)
        let path = temporary + (temporary.hasSuffix("/") ? "" : "/") + prefix + String(getpid())
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// Removes `metalab-tests-<pid>` folders whose process no longer runs (a crash or a
    /// killed run skips `atexit`).
    static func removeFoldersOfEndedProcesses(in temporary: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
    }
}
