// Register-blocked micro-kernels of `gemm` (Kernels.swift): one fixed unrolling of the
// same loop per block shape, so every accumulator lives in a SIMD register.

/// 5 rows × 40 columns of C, accumulators in registers.
@inline(__always)
func block5x40(_ k: Int, _ a: UnsafePointer<Double>, _ ars: Int, _ acs: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ initial: Initial, _ column: Int) {
    var c0_0: SIMD8<Double>
    var c0_1: SIMD8<Double>
    var c0_2: SIMD8<Double>
    var c0_3: SIMD8<Double>
    var c0_4: SIMD8<Double>
    var c1_0: SIMD8<Double>
    var c1_1: SIMD8<Double>
    var c1_2: SIMD8<Double>
    var c1_3: SIMD8<Double>
    var c1_4: SIMD8<Double>
    var c2_0: SIMD8<Double>
    var c2_1: SIMD8<Double>
    var c2_2: SIMD8<Double>
    var c2_3: SIMD8<Double>
    var c2_4: SIMD8<Double>
    var c3_0: SIMD8<Double>
    var c3_1: SIMD8<Double>
    var c3_2: SIMD8<Double>
    var c3_3: SIMD8<Double>
    var c3_4: SIMD8<Double>
    var c4_0: SIMD8<Double>
    var c4_1: SIMD8<Double>
    var c4_2: SIMD8<Double>
    var c4_3: SIMD8<Double>
    var c4_4: SIMD8<Double>
    switch initial {
    case .zero:
        c0_0 = .zero
        c0_1 = .zero
        c0_2 = .zero
        c0_3 = .zero
        c0_4 = .zero
        c1_0 = .zero
        c1_1 = .zero
        c1_2 = .zero
        c1_3 = .zero
        c1_4 = .zero
        c2_0 = .zero
        c2_1 = .zero
        c2_2 = .zero
        c2_3 = .zero
        c2_4 = .zero
        c3_0 = .zero
        c3_1 = .zero
        c3_2 = .zero
        c3_3 = .zero
        c3_4 = .zero
        c4_0 = .zero
        c4_1 = .zero
        c4_2 = .zero
        c4_3 = .zero
        c4_4 = .zero
    case .accumulate:
        c0_0 = load8(c + 0 * ldc + 0)
        c0_1 = load8(c + 0 * ldc + 8)
        c0_2 = load8(c + 0 * ldc + 16)
        c0_3 = load8(c + 0 * ldc + 24)
        c0_4 = load8(c + 0 * ldc + 32)
        c1_0 = load8(c + 1 * ldc + 0)
        c1_1 = load8(c + 1 * ldc + 8)
        c1_2 = load8(c + 1 * ldc + 16)
        c1_3 = load8(c + 1 * ldc + 24)
        c1_4 = load8(c + 1 * ldc + 32)
        c2_0 = load8(c + 2 * ldc + 0)
        c2_1 = load8(c + 2 * ldc + 8)
        c2_2 = load8(c + 2 * ldc + 16)
        c2_3 = load8(c + 2 * ldc + 24)
        c2_4 = load8(c + 2 * ldc + 32)
        c3_0 = load8(c + 3 * ldc + 0)
        c3_1 = load8(c + 3 * ldc + 8)
        c3_2 = load8(c + 3 * ldc + 16)
        c3_3 = load8(c + 3 * ldc + 24)
        c3_4 = load8(c + 3 * ldc + 32)
        c4_0 = load8(c + 4 * ldc + 0)
        c4_1 = load8(c + 4 * ldc + 8)
        c4_2 = load8(c + 4 * ldc + 16)
        c4_3 = load8(c + 4 * ldc + 24)
        c4_4 = load8(c + 4 * ldc + 32)
    case .bias(let bias):
        let bias0 = load8(bias + column + 0)
        let bias1 = load8(bias + column + 8)
        let bias2 = load8(bias + column + 16)
        let bias3 = load8(bias + column + 24)
        let bias4 = load8(bias + column + 32)
        c0_0 = bias0
        c0_1 = bias1
        c0_2 = bias2
        c0_3 = bias3
        c0_4 = bias4
        c1_0 = bias0
        c1_1 = bias1
        c1_2 = bias2
        c1_3 = bias3
        c1_4 = bias4
        c2_0 = bias0
        c2_1 = bias1
        c2_2 = bias2
        c2_3 = bias3
        c2_4 = bias4
        c3_0 = bias0
        c3_1 = bias1
        c3_2 = bias2
        c3_3 = bias3
        c3_4 = bias4
        c4_0 = bias0
        c4_1 = bias1
        c4_2 = bias2
        c4_3 = bias3
        c4_4 = bias4
    }
    var a0 = a + 0 * ars
    var a1 = a + 1 * ars
    var a2 = a + 2 * ars
    var a3 = a + 3 * ars
    var a4 = a + 4 * ars
    var bp = b
    for _ in 0..<k {
        let b0 = load8(bp + 0)
        let b1 = load8(bp + 8)
        let b2 = load8(bp + 16)
        let b3 = load8(bp + 24)
        let b4 = load8(bp + 32)
        let x0 = SIMD8<Double>(repeating: a0.pointee)
        c0_0.addProduct(x0, b0)
        c0_1.addProduct(x0, b1)
        c0_2.addProduct(x0, b2)
        c0_3.addProduct(x0, b3)
        c0_4.addProduct(x0, b4)
        let x1 = SIMD8<Double>(repeating: a1.pointee)
        c1_0.addProduct(x1, b0)
        c1_1.addProduct(x1, b1)
        c1_2.addProduct(x1, b2)
        c1_3.addProduct(x1, b3)
        c1_4.addProduct(x1, b4)
        let x2 = SIMD8<Double>(repeating: a2.pointee)
        c2_0.addProduct(x2, b0)
        c2_1.addProduct(x2, b1)
        c2_2.addProduct(x2, b2)
        c2_3.addProduct(x2, b3)
        c2_4.addProduct(x2, b4)
        let x3 = SIMD8<Double>(repeating: a3.pointee)
        c3_0.addProduct(x3, b0)
        c3_1.addProduct(x3, b1)
        c3_2.addProduct(x3, b2)
        c3_3.addProduct(x3, b3)
        c3_4.addProduct(x3, b4)
        let x4 = SIMD8<Double>(repeating: a4.pointee)
        c4_0.addProduct(x4, b0)
        c4_1.addProduct(x4, b1)
        c4_2.addProduct(x4, b2)
        c4_3.addProduct(x4, b3)
        c4_4.addProduct(x4, b4)
        a0 += acs
        a1 += acs
        a2 += acs
        a3 += acs
        a4 += acs
        bp += ldb
    }
    store8(c0_0, c + 0 * ldc + 0)
    store8(c0_1, c + 0 * ldc + 8)
    store8(c0_2, c + 0 * ldc + 16)
    store8(c0_3, c + 0 * ldc + 24)
    store8(c0_4, c + 0 * ldc + 32)
    store8(c1_0, c + 1 * ldc + 0)
    store8(c1_1, c + 1 * ldc + 8)
    store8(c1_2, c + 1 * ldc + 16)
    store8(c1_3, c + 1 * ldc + 24)
    store8(c1_4, c + 1 * ldc + 32)
    store8(c2_0, c + 2 * ldc + 0)
    store8(c2_1, c + 2 * ldc + 8)
    store8(c2_2, c + 2 * ldc + 16)
    store8(c2_3, c + 2 * ldc + 24)
    store8(c2_4, c + 2 * ldc + 32)
    store8(c3_0, c + 3 * ldc + 0)
    store8(c3_1, c + 3 * ldc + 8)
    store8(c3_2, c + 3 * ldc + 16)
    store8(c3_3, c + 3 * ldc + 24)
    store8(c3_4, c + 3 * ldc + 32)
    store8(c4_0, c + 4 * ldc + 0)
    store8(c4_1, c + 4 * ldc + 8)
    store8(c4_2, c + 4 * ldc + 16)
    store8(c4_3, c + 4 * ldc + 24)
    store8(c4_4, c + 4 * ldc + 32)
}

/// 1 rows × 40 columns of C, accumulators in registers.
@inline(__always)
func block1x40(_ k: Int, _ a: UnsafePointer<Double>, _ ars: Int, _ acs: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ initial: Initial, _ column: Int) {
    var c0_0: SIMD8<Double>
    var c0_1: SIMD8<Double>
    var c0_2: SIMD8<Double>
    var c0_3: SIMD8<Double>
    var c0_4: SIMD8<Double>
    switch initial {
    case .zero:
        c0_0 = .zero
        c0_1 = .zero
        c0_2 = .zero
        c0_3 = .zero
        c0_4 = .zero
    case .accumulate:
        c0_0 = load8(c + 0 * ldc + 0)
        c0_1 = load8(c + 0 * ldc + 8)
        c0_2 = load8(c + 0 * ldc + 16)
        c0_3 = load8(c + 0 * ldc + 24)
        c0_4 = load8(c + 0 * ldc + 32)
    case .bias(let bias):
        let bias0 = load8(bias + column + 0)
        let bias1 = load8(bias + column + 8)
        let bias2 = load8(bias + column + 16)
        let bias3 = load8(bias + column + 24)
        let bias4 = load8(bias + column + 32)
        c0_0 = bias0
        c0_1 = bias1
        c0_2 = bias2
        c0_3 = bias3
        c0_4 = bias4
    }
    var a0 = a
    var bp = b
    for _ in 0..<k {
        let b0 = load8(bp + 0)
        let b1 = load8(bp + 8)
        let b2 = load8(bp + 16)
        let b3 = load8(bp + 24)
        let b4 = load8(bp + 32)
        let x0 = SIMD8<Double>(repeating: a0.pointee)
        c0_0.addProduct(x0, b0)
        c0_1.addProduct(x0, b1)
        c0_2.addProduct(x0, b2)
        c0_3.addProduct(x0, b3)
        c0_4.addProduct(x0, b4)
        a0 += acs
        bp += ldb
    }
    store8(c0_0, c + 0 * ldc + 0)
    store8(c0_1, c + 0 * ldc + 8)
    store8(c0_2, c + 0 * ldc + 16)
    store8(c0_3, c + 0 * ldc + 24)
    store8(c0_4, c + 0 * ldc + 32)
}

/// 5 rows × 8 columns of C, accumulators in registers.
@inline(__always)
func block5x8(_ k: Int, _ a: UnsafePointer<Double>, _ ars: Int, _ acs: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ initial: Initial, _ column: Int) {
    var c0_0: SIMD8<Double>
    var c1_0: SIMD8<Double>
    var c2_0: SIMD8<Double>
    var c3_0: SIMD8<Double>
    var c4_0: SIMD8<Double>
    switch initial {
    case .zero:
        c0_0 = .zero
        c1_0 = .zero
        c2_0 = .zero
        c3_0 = .zero
        c4_0 = .zero
    case .accumulate:
        c0_0 = load8(c + 0 * ldc + 0)
        c1_0 = load8(c + 1 * ldc + 0)
        c2_0 = load8(c + 2 * ldc + 0)
        c3_0 = load8(c + 3 * ldc + 0)
        c4_0 = load8(c + 4 * ldc + 0)
    case .bias(let bias):
        let bias0 = load8(bias + column + 0)
        c0_0 = bias0
        c1_0 = bias0
        c2_0 = bias0
        c3_0 = bias0
        c4_0 = bias0
    }
    var a0 = a + 0 * ars
    var a1 = a + 1 * ars
    var a2 = a + 2 * ars
    var a3 = a + 3 * ars
    var a4 = a + 4 * ars
    var bp = b
    for _ in 0..<k {
        let b0 = load8(bp + 0)
        let x0 = SIMD8<Double>(repeating: a0.pointee)
        c0_0.addProduct(x0, b0)
        let x1 = SIMD8<Double>(repeating: a1.pointee)
        c1_0.addProduct(x1, b0)
        let x2 = SIMD8<Double>(repeating: a2.pointee)
        c2_0.addProduct(x2, b0)
        let x3 = SIMD8<Double>(repeating: a3.pointee)
        c3_0.addProduct(x3, b0)
        let x4 = SIMD8<Double>(repeating: a4.pointee)
        c4_0.addProduct(x4, b0)
        a0 += acs
        a1 += acs
        a2 += acs
        a3 += acs
        a4 += acs
        bp += ldb
    }
    store8(c0_0, c + 0 * ldc + 0)
    store8(c1_0, c + 1 * ldc + 0)
    store8(c2_0, c + 2 * ldc + 0)
    store8(c3_0, c + 3 * ldc + 0)
    store8(c4_0, c + 4 * ldc + 0)
}

/// 1 rows × 8 columns of C, accumulators in registers.
@inline(__always)
func block1x8(_ k: Int, _ a: UnsafePointer<Double>, _ ars: Int, _ acs: Int,
    _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
    _ initial: Initial, _ column: Int) {
    var c0_0: SIMD8<Double>
    switch initial {
    case .zero:
        c0_0 = .zero
    case .accumulate:
        c0_0 = load8(c + 0 * ldc + 0)
    case .bias(let bias):
        let bias0 = load8(bias + column + 0)
        c0_0 = bias0
    }
    var a0 = a
    var bp = b
    for _ in 0..<k {
        let b0 = load8(bp + 0)
        let x0 = SIMD8<Double>(repeating: a0.pointee)
        c0_0.addProduct(x0, b0)
        a0 += acs
        bp += ldb
    }
    store8(c0_0, c + 0 * ldc + 0)
}

