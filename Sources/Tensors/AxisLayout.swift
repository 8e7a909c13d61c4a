/// A tensor's elements seen as `outer × size × inner` around one axis:
/// element `(o, i, j)` sits at `o·size·inner + i·inner + j`. The loop shape
/// behind every single-axis operation (cumsum, softmax, argmax, gather).
struct AxisLayout {
    let outer: Int
    let size: Int
    let inner: Int

    init(shape: [Int], axis: Int) {
        outer = shape[..<axis].reduce(1, *)
        size = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
    }
}

extension Tensor {
    /// Normalises one axis (negative counts from the end).
    public func normalizedAxis(_ axis: Int) throws(TensorError) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
        return a
    }
}
