import Diagnostics
import Synchronization
import Terminal

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
            throw .lab(.interrupted, Message.interrupted.localized())
        }
    }
}

extension Interpreter {
    /// Asks this interpreter's running computation to stop (what a test or an
    /// embedding uses; SIGINT goes through the process-wide `Interrupt.request()`).
    public func requestInterrupt() { localInterrupt.store(true, ordering: .relaxed) }

    /// `requestInterrupt` as a closure another thread (a watchdog, a timeout) may call.
    /// Safe to send: it touches only this interpreter's atomic flag. Prefer it to the
    /// process-wide `Interrupt.request()` wherever several interpreters may run, as in
    /// the test process: any of them clearing its requests clears the process-wide flag.
    public var interruptRequester: @Sendable () -> Void {
        { [self] in requestInterrupt() }
    }

    /// `interruptRequested` as a closure a numeric kernel may call from the
    /// evaluating thread (it reads only atomics).
    public var stopPoll: @Sendable () -> Bool {
        { [self] in interruptRequested }
    }

    /// Whether a stop was requested, process-wide or for this interpreter.
    public var interruptRequested: Bool {
        Interrupt.flag.load(ordering: .relaxed) || localInterrupt.load(ordering: .relaxed)
    }

    /// Forgets pending stop requests.
    public func clearInterrupt() {
        Interrupt.clear()
        localInterrupt.store(false, ordering: .relaxed)
    }

    /// Throws `interrupted` (clearing the request) when a stop was requested.
    /// Loops, calls and long builtins poll this.
    @inline(__always)
    public func checkInterrupt() throws(Diagnostic) {
        if Interrupt.flag.load(ordering: .relaxed) || localInterrupt.load(ordering: .relaxed) {
            clearInterrupt()
            throw .lab(.interrupted, Message.interrupted.localized())
        }
    }
}
