#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stack size of the thread that runs Lab code: enough for the 10,000-frame
/// recursion limit with room to spare (the pages are only reserved).
let largeStackSize = 1 << 30

private final class StackJob {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Runs `body` to completion on a fresh thread with a large stack and waits
/// for it. Deep recursion in user code then ends in the interpreter's
/// `stack overflow` error instead of overflowing the caller's small stack.
func runOnLargeStack(_ body: () -> Void) {
    withoutActuallyEscaping(body) { escapable in
        switch startThread(stackSize: largeStackSize, escapable) {
        case .some(let thread): joinThread(thread)
        case .none: escapable()  // no thread (resource limit): run here, with the caller's stack
        }
    }
}

/// Starts `body` on a thread of its own that nobody waits for (it ends when `body` returns);
/// false when no thread could be made (a resource limit). `metalab run` and `eval`'s
/// Ctrl-C pollers: a plain thread, as a Swift `Task` would start the concurrency runtime.
public func startDetachedThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    guard let thread = startThread(stackSize: nil, body) else { return false }
    #if canImport(Glibc)
        pthread_detach(thread)
    #else
        pthread_detach(thread!)
    #endif
    return true
}

#if canImport(Glibc)
    private typealias ThreadHandle = pthread_t
#else
    private typealias ThreadHandle = pthread_t?
#endif

/// One pthread running `body` (with `stackSize` bytes of stack, or the default), or nil.
private func startThread(stackSize: Int?, _ body: @escaping () -> Void) -> ThreadHandle? {
    let job = Unmanaged.passRetained(StackJob(body))
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    if let stackSize { pthread_attr_setstacksize(&attributes, stackSize) }
    #if canImport(Glibc)
        var thread = pthread_t()
    #else
        var thread: pthread_t?
    #endif
    let started = pthread_create(
        &thread, &attributes,
        { raw in
            #if canImport(Glibc)
                let job = Unmanaged<StackJob>.fromOpaque(raw!).takeRetainedValue()
            #else
                let job = Unmanaged<StackJob>.fromOpaque(raw).takeRetainedValue()
            #endif
            job.body()
            return nil
        }, job.toOpaque())
    if started != 0 {
        job.release()
        return nil
    }
    return thread
}

private func joinThread(_ thread: ThreadHandle) {
    #if canImport(Glibc)
        pthread_join(thread, nil)
    #else
        pthread_join(thread!, nil)
    #endif
}

/// `body`'s result, computed on a thread with a large stack (`runOnLargeStack`) when `text`
/// is long enough to need it. For work on a learner's text outside the interpreter: parsing
/// `1+1+…+1` with 120,000 terms, walking its tree and freeing it all recurse that deep, past
/// the 8 MB main thread's stack. A text of at most 4 KB (2,000 operators; brackets nest at
/// most `Parser.maximumDepth`) runs where it is, sparing a thread (about 0.1 ms) per line.
public func onLargeStack<T>(for text: String, _ body: () -> T) -> T {
    if text.utf8.count <= 4096 { return body() }
    var result: T?
    runOnLargeStack { result = body() }
    return result!
}
