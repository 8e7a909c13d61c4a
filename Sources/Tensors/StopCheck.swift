#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cooperative stop for long kernels (a 2500² SVD, a 4000² inverse, a
/// 5000² product), so Ctrl-C or a cell's timeout ends them within a moment.
///
/// Design: whoever runs untrusted work (the Lab interpreter, through its
/// host) installs a poll for the current thread with `polling(_:_:)` while
/// it evaluates; the poll reads that interpreter's own stop flags, so two
/// interpreters never stop each other (no process-wide mutable state here).
/// Heavy kernels call `StopCheck.check()` once per block of work (a column
/// of an LU factorisation, a row of Jacobi rotations, a block of product
/// rows — never per element) and throw `TensorError.stopped`; the caller
/// turns that into its own `interrupted` error, abandoning the partial result.
/// With no poll installed (library use, tests, the benchmarks) `check()` is
/// one thread-local read.
public enum StopCheck {
    private final class Poll {
        let isRequested: () -> Bool
        init(_ isRequested: @escaping () -> Bool) { self.isRequested = isRequested }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, nil)
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()

    /// Runs `body` with `isRequested` as this thread's stop poll (the previous one is restored after).
    public static func polling<T, E: Error>(
        _ isRequested: @escaping () -> Bool, _ body: () throws(E) -> T
    ) throws(E) -> T {
        let previous = pthread_getspecific(key)
        let poll = Unmanaged.passRetained(Poll(isRequested))
        pthread_setspecific(key, poll.toOpaque())
        defer {
            pthread_setspecific(key, previous)
            poll.release()
        }
        return try body()
    }

    /// Whether the work running on this thread was asked to stop (false with no poll installed).
    public static var isRequested: Bool {
        guard let raw = pthread_getspecific(key) else { return false }
        return Unmanaged<Poll>.fromOpaque(raw).takeUnretainedValue().isRequested()
    }

    /// Throws `.stopped` when a stop was requested. Call once per block of work.
    @inline(__always)
    public static func check() throws(TensorError) {
        if isRequested { throw .stopped }
    }
}
