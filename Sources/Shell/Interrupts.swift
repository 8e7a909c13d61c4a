import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One shell's Ctrl-C: a stop request that belongs to one `LabShell` run (its prompt, its
/// slide and its session's watcher read it; only the shell clears it). Two shells in one
/// process (as in the test process) each have their own, so neither stops or clears the
/// other; tests press Ctrl-C with `request()`.
///
/// `source`, when given, is drained into this request whenever it is read: the front end
/// (`ShellCommands`) passes `ProcessSignals.takeInterrupt`, the process's SIGINT latch,
/// so a real Ctrl-C reaches exactly the one shell the process runs.
public final class ShellInterrupt: Sendable {
    private let flag = Atomic<Bool>(false)
    private let source: (@Sendable () -> Bool)?

    public init(source: (@Sendable () -> Bool)? = nil) { self.source = source }

    /// Asks this shell to stop what it is doing (from any thread).
    public func request() { flag.store(true, ordering: .relaxed) }

    /// Whether a stop was requested (does not clear it).
    public var isRequested: Bool {
        if let source, source() { flag.store(true, ordering: .relaxed) }
        return flag.load(ordering: .relaxed)
    }

    /// Forgets a pending request, and a Ctrl-C the source latched meanwhile.
    public func clear() {
        _ = source?()
        flag.store(false, ordering: .relaxed)
    }
}

/// The process's signals: the only process-wide stop state in MetaLab, and why it must be
/// global. A C signal handler cannot capture a context (which shell, which interpreter),
/// so SIGINT can only set a global; this latch is that global. It stays at the process
/// edge: the front ends install it (`metalab`, `metalab present` through `ShellCommands`,
/// `metalab run`/`eval` in the executable) and hand `takeInterrupt` to exactly one owner,
/// which forwards it to its own per-instance stop (a `ShellInterrupt`, an interpreter's
/// `requestInterrupt`). Library code (LabLang, LabLibrary, Notebook) cannot see it (it
/// does not depend on this module), and tests drive stops through the per-instance APIs.
public enum ProcessSignals {
    private static let interrupt = Atomic<Bool>(false)

    /// Whether SIGINT came since the last call, clearing the latch (async-signal-safe to set).
    public static func takeInterrupt() -> Bool {
        interrupt.exchange(false, ordering: .relaxed)
    }

    /// Installs the SIGINT handler (it only sets the latch), without `SA_RESTART` so a
    /// blocked read or select returns `EINTR` and the prompt can clear its line.
    public static func installInterrupt() {
        _ = takeInterrupt()
        install(SIGINT, restart: false) { _ in ProcessSignals.interrupt.store(true, ordering: .relaxed) }
    }

    /// Installs a SIGWINCH handler that does nothing, so that a resized window interrupts
    /// a slide's wait for a key (ignored by default, SIGWINCH would not): the slide then
    /// reads the new size itself (`RawKeyReader`). No state: nothing to latch. With
    /// `SA_RESTART`, so no other read or write sees `EINTR` for it; readline, while it
    /// reads a line, puts its own handler in front and restores this one.
    public static func installResize() {
        install(SIGWINCH, restart: true) { _ in }
    }

    private static func install(
        _ signal: Int32, restart: Bool, _ handler: @escaping @convention(c) (Int32) -> Void
    ) {
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
        #else
            action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = restart ? SA_RESTART : 0
        sigaction(signal, &action, nil)
        // A parent (a test runner, a job-control shell) may have left the signal blocked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }
}
