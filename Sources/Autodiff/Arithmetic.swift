import Tensors

// MARK: binary operations with broadcasting
// Each gradient is computed at the broadcast shape and summed back to its
// input's shape by `binary` (the adjoint of broadcasting).

extension Variable {
    /// a + b with NumPy broadcasting.
    public static func + (a: Variable, b: Variable) throws(TensorError) -> Variable {
        binary(try added(a.value, b.value), a, b, { g, _, _, _ in g }, { g, _, _, _ in g })
    }

    /// a − b with NumPy broadcasting.
    public static func - (a: Variable, b: Variable) throws(TensorError) -> Variable {
        binary(try subtracted(a.value, b.value), a, b, { g, _, _, _ in g }, { g, _, _, _ in -g })
    }

    /// Elementwise (Hadamard) product with broadcasting; the matrix product is `matmul`.
    public static func * (a: Variable, b: Variable) throws(TensorError) -> Variable {
        binary(
            try multiplied(a.value, b.value), a, b,
            { g, _, b, _ throws(TensorError) in try g * b },
            { g, a, _, _ throws(TensorError) in try g * a })
    }

    /// Elementwise a / b with broadcasting: ∂a = g/b, ∂b = −g·y/b.
    public static func / (a: Variable, b: Variable) throws(TensorError) -> Variable {
        binary(
            try divided(a.value, b.value), a, b,
            { g, _, b, _ throws(TensorError) in try g / b },
            { g, _, b, y throws(TensorError) in try -(g * y / b) })
    }

    /// −x.
    public static prefix func - (x: Variable) -> Variable {
        unary(-x.value, x) { g, _, _ in -g }
    }

    // MARK: with a constant number

    public static func + (x: Variable, c: Double) -> Variable { unary(x.value + c, x) { g, _, _ in g } }
    public static func + (c: Double, x: Variable) -> Variable { unary(c + x.value, x) { g, _, _ in g } }
    public static func - (x: Variable, c: Double) -> Variable { unary(x.value - c, x) { g, _, _ in g } }
    public static func - (c: Double, x: Variable) -> Variable { unary(c - x.value, x) { g, _, _ in -g } }
    public static func * (x: Variable, c: Double) -> Variable { unary(x.value * c, x) { g, _, _ in g * c } }
    public static func * (c: Double, x: Variable) -> Variable { unary(c * x.value, x) { g, _, _ in g * c } }
    public static func / (x: Variable, c: Double) -> Variable { unary(x.value / c, x) { g, _, _ in g / c } }
    /// c / x: ∂x = −g·y/x.
    public static func / (c: Double, x: Variable) -> Variable {
        unary(c / x.value, x) { g, x, y throws(TensorError) in try -(g * y / x) }
    }
}

/// xᶜ for a constant exponent: ∂x = g·c·x^(c−1). An exponent of 0 gives the constant 1.
public func pow(_ x: Variable, _ c: Double) -> Variable {
    if c == 0 { return constantResult(Tensor(shape: x.shape, repeating: 1)) }
    return unary(x.value.pow(c), x) { g, x, _ throws(TensorError) in try g * (c * pow(x, c - 1)) }
}

/// x² (the same as `pow(x, 2)`): ∂x = 2·g·x.
public func square(_ x: Variable) -> Variable {
    unary(x.value.pow(2), x) { g, x, _ throws(TensorError) in try g * (2 * x) }
}

/// aᵇ elementwise with broadcasting: ∂a = g·b·a^(b−1), ∂b = g·y·log a (needs a > 0).
public func pow(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    binary(
        try a.value.pow(b.value), a, b,
        { g, a, b, _ throws(TensorError) in try g * b * pow(a, b - 1) },
        { g, a, _, y throws(TensorError) in try g * y * log(a) })
}

/// Elementwise maximum: the gradient goes to `a` where a ≥ b, else to `b`.
public func maximum(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    binary(
        try a.value.maximum(b.value), a, b,
        { g, a, b, _ throws(TensorError) in try g * compare(a, b, .greaterOrEqual) },
        { g, a, b, _ throws(TensorError) in try g * compare(a, b, .less) })
}

/// Elementwise minimum: the gradient goes to `a` where a ≤ b, else to `b`.
public func minimum(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    binary(
        try a.value.minimum(b.value), a, b,
        { g, a, b, _ throws(TensorError) in try g * compare(a, b, .lessOrEqual) },
        { g, a, b, _ throws(TensorError) in try g * compare(a, b, .greater) })
}

/// `a` where `mask ≠ 0`, else `b`, all broadcast together. The mask is a constant.
public func select(_ mask: Variable, _ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
    let m = mask.detached()
    let zero = Variable(constant: Tensor(0))
    return binary(
        try Tensor.select(m.value, a.value, b.value), a, b,
        { g, _, _, _ throws(TensorError) in try select(m, g, zero) },
        { g, _, _, _ throws(TensorError) in try select(m, zero, g) })
}

/// An elementwise comparison as a constant mask of 0 and 1 (its gradient is zero).
public func compare(_ a: Variable, _ b: Variable, _ op: Comparison) throws(TensorError) -> Variable {
    constantResult(try a.value.compare(b.value, op))
}

// The forward values, through the fast paths of `combine`.
private func added(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try combine(a, b, general: { (x, y) throws(TensorError) in try x + y }, +)
}
private func subtracted(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try combine(a, b, general: { (x, y) throws(TensorError) in try x - y }, -)
}
private func multiplied(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try combine(a, b, general: { (x, y) throws(TensorError) in try x * y }, *)
}
private func divided(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    try combine(a, b, general: { (x, y) throws(TensorError) in try x / y }, /)
}
