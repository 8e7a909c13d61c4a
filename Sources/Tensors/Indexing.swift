/// What to take from one axis in `Tensor.slice(_:)`. Indices are 0-based
/// (the Lab language converts its 1-based ranges before calling).
public enum AxisSelection: Sendable, Equatable {
    /// Every position; the axis stays.
    case all
    /// One position; the axis is dropped from the result.
    case index(Int)
    /// Positions `lowerBound..<upperBound`; the axis stays.
    case range(Range<Int>)
    /// Positions `start, start+step, …` strictly before `end` (after it for a
    /// negative step), as Python's `start:end:step` without clamping; the axis stays.
    case strided(start: Int, end: Int, step: Int)
    /// The listed positions in order, repeats allowed (gather); the axis stays.
    case indices([Int])
    /// The positions where the mask is true; the mask's length must equal the axis size.
    case mask([Bool])
}

extension Tensor {
    /// Selects a sub-tensor, one `AxisSelection` per leading axis (missing
    /// trailing axes are `.all`). Every position is checked: out-of-range
    /// indices throw `.indexOutOfRange`, a zero step or a mask of the wrong
    /// length throws `.domain`/`.shapeMismatch`.
    ///
    ///     x: 4×5;  x.slice([.index(1)])                       → 5
    ///              x.slice([.strided(start: 0, end: 4, step: 2), .range(1..<3)]) → 2×2
    ///              x.slice([.all, .indices([4, 0, 0])])        → 4×3
    /// - Complexity: O(count of the result).
    public func slice(_ selections: [AxisSelection]) throws(TensorError) -> Tensor {
        guard selections.count <= rank else {
            throw .invalidShape(
                operation: "indexing", shape: shape,
                expected: "at most \(rank) indices, got \(selections.count)")
        }
        var positions: [[Int]] = []
        var outShape: [Int] = []
        for k in 0..<rank {
            let selection = k < selections.count ? selections[k] : .all
            let list = try Tensor.positions(selection, size: shape[k], dimension: k)
            positions.append(list)
            if case .index = selection { continue }
            outShape.append(list.count)
        }
        return gather(positions: positions, outShape: outShape)
    }

    /// The positions a selection names on an axis of `size`, validated.
    static func positions(_ selection: AxisSelection, size: Int, dimension: Int) throws(TensorError) -> [Int]
    {
        func check(_ i: Int) throws(TensorError) -> Int {
            guard i >= 0 && i < size else {
                throw .indexOutOfRange(index: i, dimension: dimension, size: size)
            }
            return i
        }
        switch selection {
        case .all:
            return Array(0..<size)
        case .index(let i):
            return [try check(i)]
        case .range(let r):
            if r.isEmpty { return [] }
            _ = try check(r.lowerBound)
            _ = try check(r.upperBound - 1)
            return Array(r)
        case .strided(let start, let end, let step):
            guard step != 0 else { throw .domain(operation: "indexing", reason: "a slice step cannot be 0") }
            var list: [Int] = []
            var i = start
            while step > 0 ? i < end : i > end {
                list.append(try check(i))
                i += step
            }
            return list
        case .indices(let list):
            var checked: [Int] = []
            checked.reserveCapacity(list.count)
            for i in list { checked.append(try check(i)) }
            return checked
        case .mask(let mask):
            guard mask.count == size else {
                throw .shapeMismatch(operation: "mask selection", lhs: [size], rhs: [mask.count])
            }
            return mask.indices.filter { mask[$0] }
        }
    }

    /// The tensor at the Cartesian product of per-axis `positions` (validated).
    func gather(positions: [[Int]], outShape: [Int]) -> Tensor {
        let total = positions.reduce(1) { $0 * $1.count }
        var out = [Double](repeating: 0, count: total)
        if total == 0 { return Tensor(shape: outShape, scalars: out) }
        if rank == 0 { return self }
        scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                Tensor.forEachCartesianOffset(in: shape, at: positions) { i, offset in dst[i] = src[offset] }
            }
        }
        return Tensor(shape: outShape, scalars: out)
    }

    /// Walks the Cartesian product of per-axis `positions` into a tensor of `shape` in
    /// row-major order, calling `body(i, offset)` with the running count i and the flat
    /// offset Σₖ positions[k][iₖ]·stride[k]: the one odometer behind `slice` (gather) and
    /// its adjoint in Autodiff (scatter-add). Positions must be valid and non-empty.
    /// - Complexity: O(product of the list sizes + rank).
    @inlinable @inline(__always)
    public static func forEachCartesianOffset(
        in shape: [Int], at positions: [[Int]], _ body: (Int, Int) -> Void
    ) {
        let rank = shape.count
        let strides = Tensor.strides(of: shape)
        // Pre-multiply positions by strides: offset = Σₖ offsets[k][index[k]].
        let offsets = (0..<rank).map { k in positions[k].map { $0 * strides[k] } }
        let total = positions.reduce(1) { $0 * $1.count }
        let last = rank - 1
        let lastOffsets = offsets[last]
        let lastCount = lastOffsets.count
        var index = [Int](repeating: 0, count: rank)
        var base = (0..<last).reduce(0) { $0 + offsets[$1][0] }
        var i = 0
        while i < total {
            for j in 0..<lastCount { body(i + j, base + lastOffsets[j]) }
            i += lastCount
            var k = last - 1
            while k >= 0 {
                base -= offsets[k][index[k]]
                index[k] += 1
                if index[k] < offsets[k].count {
                    base += offsets[k][index[k]]
                    break
                }
                index[k] = 0
                base += offsets[k][0]
                k -= 1
            }
        }
    }

    /// The slices at `indices` along `axis`, in order (NumPy's `take`).
    /// The axis keeps its place with size `indices.count`.
    public func gathered(_ indices: [Int], alongAxis axis: Int) throws(TensorError) -> Tensor {
        let a = try normalizedAxis(axis)
        var selections = [AxisSelection](repeating: .all, count: rank)
        selections[a] = .indices(indices)
        return try slice(selections)
    }

    /// The slices along `axis` where `mask` is true (mask length = axis size).
    public func selected(mask: [Bool], alongAxis axis: Int) throws(TensorError) -> Tensor {
        let a = try normalizedAxis(axis)
        var selections = [AxisSelection](repeating: .all, count: rank)
        selections[a] = .mask(mask)
        return try slice(selections)
    }

    /// The elements where `mask ≠ 0`, as a vector in row-major order (NumPy's
    /// `x[mask]`). The mask must have this tensor's shape; NaN counts as true.
    public func selected(where mask: Tensor) throws(TensorError) -> Tensor {
        guard mask.shape == shape else {
            throw .shapeMismatch(operation: "mask selection", lhs: shape, rhs: mask.shape)
        }
        var out: [Double] = []
        for i in 0..<count where mask.scalars[i] != 0 { out.append(scalars[i]) }
        return Tensor(out)
    }
}
