/// A dense, row-major tensor of `Double` with value semantics.
///
/// Storage is a Swift `Array`, so copies are cheap until one side is mutated
/// (copy-on-write). Rank 0 is a scalar (`shape == []`, one element); a
/// dimension of size 0 gives an empty tensor. Element `[i₀, i₁, …]` lives at
/// `Σₖ iₖ·stride(k)` with `stride(k) = Π_{j>k} shape[j]` (NumPy's C order).
public struct Tensor: Sendable, Equatable {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    public var scalars: [Double]

    /// A tensor of the given shape over row-major `scalars`.
    /// - Precondition: `scalars.count` equals the product of `shape` (a library bug otherwise).
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(
            scalars.count == Tensor.elementCount(shape),
            "shape \(shape) needs \(Tensor.elementCount(shape)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A rank-0 tensor holding one number.
    public init(_ value: Double) {
        self.init(shape: [], scalars: [value])
    }

    /// A vector (rank 1).
    public init(_ values: [Double]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// A matrix from its rows. - Precondition: every row has the same length.
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// A tensor of `shape` with every element equal to `value`.
    public init(shape: [Int], repeating value: Double) {
        self.init(shape: shape, scalars: Array(repeating: value, count: Tensor.elementCount(shape)))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// The n×n identity matrix.
    public static func eye(_ n: Int) -> Tensor {
        var t = Tensor.zeros([n, n])
        for i in 0..<n { t.scalars[i * n + i] = 1 }
        return t
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }
    /// True for rank 0.
    public var isScalar: Bool { shape.isEmpty }

    /// The single element of a one-element tensor (any rank), else `nil`.
    public var scalar: Double? { scalars.count == 1 ? scalars[0] : nil }

    /// Row-major strides of `shape`, in elements.
    public var strides: [Int] { Tensor.strides(of: shape) }

    /// The element at a full multi-index (0-based). - Precondition: in range.
    public subscript(_ indices: Int...) -> Double {
        get { scalars[flatIndex(indices)] }
        set { scalars[flatIndex(indices)] = newValue }
    }

    func flatIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "index rank \(indices.count) for shape \(shape)")
        var flat = 0
        for (k, i) in indices.enumerated() {
            precondition(i >= 0 && i < shape[k], "index \(i) out of range for dimension \(k) of \(shape)")
            flat = flat * shape[k] + i
        }
        return flat
    }

    /// Replaces the shape keeping the scalars (same element count).
    /// - Precondition: the counts agree; use `reshaped(_:)` for user input.
    mutating func setShapeUnchecked(_ newShape: [Int]) {
        precondition(Tensor.elementCount(newShape) == scalars.count)
        shape = newShape
    }

    /// `Π shape`, with `[]` giving 1.
    public static func elementCount(_ shape: [Int]) -> Int {
        shape.reduce(1, *)
    }

    /// Row-major strides in elements.
    public static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for k in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[k] = running
            running *= shape[k]
        }
        return strides
    }
}

/// How a shape reads in messages: `2×3`, `5-element`, `scalar`.
public func describeShape(_ shape: [Int]) -> String {
    shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
}
