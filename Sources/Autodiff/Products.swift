import Tensors

// MARK: matrix products

/// The matrix product, with NumPy's promotion: a vector on the left is a 1×k
/// row, on the right a k×1 column, and the promoted axis is dropped. Rank-3
/// operands are a batch (b×m×k · b×k×n); a rank-2 side is shared by the batch.
/// ∂a = g·bᵀ and ∂b = aᵀ·g, summed over the batch for a shared side.
/// - Complexity: O(batch·m·k·n).
public func matmul(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    guard a.rank >= 1, b.rank >= 1, a.rank <= 3, b.rank <= 3,
        !((a.rank == 3 || b.rank == 3) && (a.rank == 1 || b.rank == 1))
    else {
        throw .shapeMismatch(operation: "matrix product", lhs: a.shape, rhs: b.shape)
    }
    if a.rank >= 2 && b.rank >= 2 { return try matrixProduct(a, b) }
    let a2 = a.rank == 1 ? try a.reshaped([1, a.count]) : a
    let b2 = b.rank == 1 ? try b.reshaped([b.count, 1]) : b
    var shape: [Int] = []
    if a.rank == 2 { shape.append(a.shape[0]) }
    if b.rank == 2 { shape.append(b.shape[1]) }
    return try matrixProduct(a2, b2).reshaped(shape)
}

/// The product of two rank-2 or rank-3 operands (the primitive behind `matmul`).
func matrixProduct(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    try product(a, b, .plain)
}

/// Which operand of a product is read transposed. The three forms are closed
/// under differentiation, so no transpose is ever materialised.
enum ProductForm: Sendable {
    /// a·b
    case plain
    /// a·bᵀ
    case transposingB
    /// aᵀ·b
    case transposingA
}

/// op(a)·op(b), rank-2 or rank-3 operands (a rank-2 side shared by the batch).
/// - a·b:  ∂a = g·bᵀ, ∂b = aᵀ·g
/// - a·bᵀ: ∂a = g·b,  ∂b = gᵀ·a
/// - aᵀ·b: ∂a = b·gᵀ, ∂b = a·g
func product(_ a: Variable, _ b: Variable, _ form: ProductForm) throws(TensorError) -> Variable {
    switch form {
    case .plain:
        return binary(
            try matmul(a.value, b.value), a, b,
            { g, _, b, _ throws(TensorError) in try product(g, b, .transposingB) },
            { g, a, _, _ throws(TensorError) in try product(a, g, .transposingA) })
    case .transposingB:
        return binary(
            try matmul(a.value, transposed: b.value), a, b,
            { g, _, b, _ throws(TensorError) in try product(g, b, .plain) },
            { g, a, _, _ throws(TensorError) in try product(g, a, .transposingA) })
    case .transposingA:
        return binary(
            try matmul(transposed: a.value, b.value), a, b,
            { g, _, b, _ throws(TensorError) in try product(b, g, .transposingB) },
            { g, a, _, _ throws(TensorError) in try product(a, g, .plain) })
    }
}

/// ⟨u, v⟩ = Σᵢ uᵢvᵢ for two Variables with the same number of elements, a scalar.
public func dot(_ u: Variable, _ v: Variable) throws(TensorError) -> Variable {
    guard u.count == v.count else { throw .shapeMismatch(operation: "dot", lhs: u.shape, rhs: v.shape) }
    return try (u.flattened() * v.flattened()).sum()
}

/// The outer product u vᵀ of two vectors (flattened), an m×n matrix.
public func outer(_ u: Variable, _ v: Variable) throws(TensorError) -> Variable {
    try u.reshaped([u.count, 1]) * v.reshaped([1, v.count])
}
