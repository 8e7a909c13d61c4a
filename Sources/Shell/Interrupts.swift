import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ctrl-C. The SIGINT handler only sets an atomic flag (async-signal-safe);
/// the prompt reads it when its wait is interrupted, and a watcher thread
/// turns it into the interpreter's interrupt while a computation runs.
public enum ShellInterrupt {
    static let flag = Atomic<Bool>(false)

    public static var isRequested: Bool { flag.load(ordering: .relaxed) }
    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Installs the handler, without `SA_RESTART` so a blocked read or select
    /// returns `EINTR` and the prompt can clear its line.
    public static func install() {
        clear()
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in ShellInterrupt.flag.store(true, ordering: .relaxed)
            }
        #else
            action.__sigaction_u.__sa_handler = { _ in ShellInterrupt.flag.store(true, ordering: .relaxed) }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent (a test runner, a job-control shell) may have left SIGINT blocked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }
}
