import Tensors

// Function transforms built on `gradients`. A function takes Variables and returns
// a Variable; the transforms evaluate it at Tensors. They rethrow the function's
// own errors and throw `TensorError` for shapes (a non-scalar loss, a wrong direction).

/// f(x) and ∇f(x) for a scalar-valued f.
public func valueAndGradient(
    of f: (Variable) throws -> Variable, at x: Tensor
) throws -> (value: Double, gradient: Tensor) {
    let (value, grads) = try valueAndGradient(of: { (v: [Variable]) in try f(v[0]) }, at: [x])
    return (value, grads[0])
}

/// f(x₁, …, xₙ) and the gradient with respect to each argument, for a scalar-valued f.
public func valueAndGradient(
    of f: ([Variable]) throws -> Variable, at xs: [Tensor]
) throws -> (value: Double, gradient: [Tensor]) {
    let leaves = xs.map { Variable($0) }
    let y = try f(leaves)
    let value = try scalarValue(y, "gradient")
    return (value, try gradientTensors(of: y, wrt: leaves))
}

/// ∇f(x) for a scalar-valued f.
public func gradient(of f: (Variable) throws -> Variable, at x: Tensor) throws -> Tensor {
    try valueAndGradient(of: f, at: x).gradient
}

/// The Hessian–vector product H(x)·v = ∇ₓ⟨∇f(x), v⟩, exact (two reverse passes).
/// `v` has the shape of `x`; so does the result.
public func hvp(of f: (Variable) throws -> Variable, at x: Tensor, direction v: Tensor) throws -> Tensor {
    guard v.shape == x.shape else {
        throw TensorError.shapeMismatch(operation: "hvp", lhs: x.shape, rhs: v.shape)
    }
    let leaf = Variable(x)
    let y = try f(leaf)
    _ = try scalarValue(y, "hvp")
    let g = try gradients(of: y, wrt: [leaf], createGraph: true)[0]
    let directional = try (g * Variable(constant: v)).sum()
    return try gradientTensors(of: directional, wrt: [leaf])[0]
}

/// The Hessian ∂²f/∂xᵢ∂xⱼ of a scalar-valued f, of shape `x.shape + x.shape`
/// (n×n for a vector of n). One recorded gradient, then one reverse pass per row.
/// - Complexity: n + 1 reverse passes for n = x.count.
public func hessian(of f: (Variable) throws -> Variable, at x: Tensor) throws -> Tensor {
    let leaf = Variable(x)
    let y = try f(leaf)
    _ = try scalarValue(y, "hessian")
    let g = try gradients(of: y, wrt: [leaf], createGraph: true)[0]
    return Tensor(shape: x.shape + x.shape, scalars: try jacobianRows(of: g, wrt: leaf))
}

/// The Jacobian ∂fᵢ/∂xⱼ of f, of shape `f(x).shape + x.shape`, one reverse pass per output element.
public func jacobian(of f: (Variable) throws -> Variable, at x: Tensor) throws -> Tensor {
    let leaf = Variable(x)
    let y = try f(leaf)
    return Tensor(shape: y.shape + x.shape, scalars: try jacobianRows(of: y, wrt: leaf))
}

/// ∂yᵢ/∂leaf for every element i of y, row after row: one reverse pass per element, seeded
/// with its unit vector (the Jacobian, and the Hessian as the Jacobian of the gradient).
private func jacobianRows(of y: Variable, wrt leaf: Variable) throws -> [Double] {
    var rows: [Double] = []
    rows.reserveCapacity(y.count * leaf.count)
    for i in 0..<y.count {
        var e = Tensor.zeros(y.shape)
        e.scalars[i] = 1
        rows += try gradients(of: y, wrt: [leaf], seed: Variable(constant: e))[0].value.scalars
    }
    return rows
}

/// Central finite differences, (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every element i:
/// the check for exact gradients. The error is O(h²) plus rounding O(ε/h).
/// - Complexity: 2·x.count evaluations of f.
public func numericalGradient(
    of f: (Tensor) throws -> Double, at x: Tensor, step h: Double = 1e-6
) rethrows -> Tensor {
    var out = Tensor.zeros(x.shape)
    var probe = x
    for i in 0..<x.count {
        let xi = x.scalars[i]
        probe.scalars[i] = xi + h
        let up = try f(probe)
        probe.scalars[i] = xi - h
        let down = try f(probe)
        probe.scalars[i] = xi
        out.scalars[i] = (up - down) / (2 * h)
    }
    return out
}

/// The one number of a one-element output, or `.invalidShape` naming the transform.
private func scalarValue(_ y: Variable, _ operation: String) throws(TensorError) -> Double {
    guard let s = y.scalar else {
        throw .invalidShape(operation: operation, shape: y.shape, expected: "a function returning one number")
    }
    return s
}
