import Tensors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether operations on this thread record a graph. `gradients(…, createGraph: false)`
/// pauses recording while it runs the backward rules, so they produce constants
/// without copying their inputs. Per thread, so concurrent differentiation is safe.
private let pausedKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, nil)
    precondition(status == 0, "pthread_key_create failed (\(status))")
    return key
}()

/// True unless a fast-path backward pass is running on this thread.
@inline(__always)
var isRecording: Bool { pthread_getspecific(pausedKey) == nil }

/// Runs `body` with recording paused on this thread (restoring the previous state after).
func withoutRecording<T>(_ body: () throws(TensorError) -> T) throws(TensorError) -> T {
    let previous = pthread_getspecific(pausedKey)
    pthread_setspecific(pausedKey, UnsafeRawPointer(bitPattern: 1))
    defer { pthread_setspecific(pausedKey, previous) }
    return try body()
}

/// The result of an operation on `inputs`: a recorded node when recording is on
/// and some input requires a gradient, else a constant.
@inline(__always)
func record(_ value: Tensor, _ inputs: [Variable], _ backward: @escaping BackwardRule) -> Variable {
    guard isRecording, inputs.contains(where: \.requiresGrad) else { return Variable(constant: value) }
    return Variable(value: value, origin: .general(inputs, backward))
}
