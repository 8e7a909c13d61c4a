import Diagnostics
import Synchronization

/// The Ctrl-C flag. The caller installs a SIGINT handler that calls
/// `request()`; loops, calls and long builtins poll it and stop with an
/// `interrupted` error, leaving the process alive.
public enum Interrupt {
    static let flag = Atomic<Bool>(false)

    /// Asks the running computation to stop (async-signal-safe: one atomic store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Forgets a pending request.
    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Whether a stop was requested (does not clear it).
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `interrupted` (clearing the flag) when a stop was requested.
    @inline(__always)
    public static func check() throws(Diagnostic) {
        if flag.load(ordering: .relaxed) {
            flag.store(false, ordering: .relaxed)
            throw .lab(.interrupted, "interrupted")
        }
    }
}
