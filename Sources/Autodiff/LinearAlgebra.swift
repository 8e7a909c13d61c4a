import Tensors

// MARK: linear algebra: each rule is written with solve/inverse/matmul on
// Variables, so it can be differentiated again.

/// X = A⁻¹B for a square A (B a vector or an n×m block), by LU with pivoting.
/// ∂B = A⁻ᵀG, ∂A = −∂B·Xᵀ. Throws `.singular` for a singular A.
public func solve(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    let value = try solve(a.value, b.value)
    let columns = b.rank == 1 ? 1 : b.shape[1]
    return record(value, [a, b]) { g, inputs, x, needed throws(TensorError) in
        let gb = try solve(inputs[0].transposed, g)
        let ga =
            needed[0]
            ? -(try matmul(gb.reshaped([-1, columns]), x.reshaped([-1, columns]).transposed)) : nil
        return [ga, needed[1] ? gb : nil]
    }
}

/// A⁻¹ for a square A: ∂A = −Yᵀ·G·Yᵀ with Y = A⁻¹. Throws `.singular` for a singular A.
public func inverse(_ a: Variable) throws(TensorError) -> Variable {
    unary(try inverse(a.value), a) { g, _, y throws(TensorError) in
        -(try matmul(matmul(y.transposed, g), y.transposed))
    }
}

/// det A: ∂A = g·det A·A⁻ᵀ. Throws `.singular` from the rule for a singular A.
public func determinant(_ a: Variable) throws(TensorError) -> Variable {
    unary(Tensor(try determinant(a.value)), a) { g, a, y throws(TensorError) in
        try g * y * inverse(a).transposed
    }
}

/// log |det A|, without overflow: ∂A = g·A⁻ᵀ. A singular A gives −∞.
public func logAbsDeterminant(_ a: Variable) throws(TensorError) -> Variable {
    unary(Tensor(try logAbsDeterminant(a.value).logAbs), a) { g, a, _ throws(TensorError) in
        try g * inverse(a).transposed
    }
}

/// log det A for det A > 0 (a covariance, say): ∂A = g·A⁻ᵀ.
/// Throws `.domain` when det A ≤ 0.
public func logDeterminant(_ a: Variable) throws(TensorError) -> Variable {
    let (sign, _) = try logAbsDeterminant(a.value)
    guard sign > 0 else {
        throw .domain(operation: "logdet", reason: "the determinant is not positive (use logabsdet)")
    }
    return try logAbsDeterminant(a)
}

/// The Cholesky factor L of a symmetric positive definite A (A = L·Lᵀ).
/// With Φ(M) the lower triangle of M with its diagonal halved,
/// ∂A = sym(L⁻ᵀ·Φ(Lᵀ·G)·L⁻¹), sym(M) = ½(M + Mᵀ) — the gradient along
/// symmetric perturbations (Murray 2016). Throws `.notPositiveDefinite`.
public func cholesky(_ a: Variable) throws(TensorError) -> Variable {
    let value = try cholesky(a.value)
    let n = value.shape[0]
    var mask = Tensor.zeros([n, n])
    for i in 0..<n { for j in 0...i { mask.scalars[i * n + j] = i == j ? 0.5 : 1 } }
    let phi = Variable(constant: mask)
    return unary(value, a) { g, _, l throws(TensorError) in
        let li = try inverse(l)
        let m = try matmul(matmul(li.transposed, matmul(l.transposed, g) * phi), li)
        return try 0.5 * (m + m.transposed)
    }
}
