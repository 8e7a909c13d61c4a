import Diagnostics
import Synchronization
import Terminal

/// Stopping a running computation. Each interpreter has its own stop request: nothing in
/// LabLang is process-wide, so two interpreters in one process (a test process, a shell
/// beside a lesson check) never stop or clear each other. Who wants a stop asks the
/// interpreter: a watchdog or a timeout through `interruptRequester`, the shell by
/// forwarding its Ctrl-C (the process's one SIGINT latch lives at the process edge, in
/// the shell's front end: see `ProcessSignals`). Loops, calls, long builtins and kernels
/// (through `stopPoll`) read only this interpreter's request.
extension Interpreter {
    /// Asks this interpreter's running computation to stop (from any thread).
    public func requestInterrupt() { stopRequest.store(true, ordering: .relaxed) }

    /// `requestInterrupt` as a closure another thread (a watchdog, a timeout, the shell's
    /// Ctrl-C watcher) may call. Safe to send: it touches only this interpreter's atomic flag.
    public var interruptRequester: @Sendable () -> Void {
        { [self] in requestInterrupt() }
    }

    /// `interruptRequested` as a closure a numeric kernel may call from the
    /// evaluating thread (it reads only this interpreter's atomic).
    public var stopPoll: @Sendable () -> Bool {
        { [self] in interruptRequested }
    }

    /// Whether a stop was requested for this interpreter (does not clear it).
    public var interruptRequested: Bool { stopRequest.load(ordering: .relaxed) }

    /// Forgets this interpreter's pending stop request (no other interpreter's).
    public func clearInterrupt() { stopRequest.store(false, ordering: .relaxed) }

    /// Throws `interrupted` (clearing the request) when a stop was requested.
    /// Loops, calls and long builtins poll this.
    @inline(__always)
    public func checkInterrupt() throws(Diagnostic) {
        if stopRequest.load(ordering: .relaxed) {
            clearInterrupt()
            throw .lab(.interrupted, Message.interrupted.localized())
        }
    }
}
