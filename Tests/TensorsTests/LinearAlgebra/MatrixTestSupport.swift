@testable import Tensors

/// max |aᵢⱼ − bᵢⱼ| of two equally shaped tensors (∞ when the shapes differ).
func maxDifference(_ a: Tensor, _ b: Tensor) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
}

/// A seeded m×n matrix of standard normals.
func randomMatrix(_ m: Int, _ n: Int, seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor.normal([m, n], using: &g)
}

/// A seeded symmetric positive definite n×n matrix XᵀX + n·I.
func randomSPD(_ n: Int, seed: UInt64) -> Tensor {
    let x = randomMatrix(n, n, seed: seed)
    return try! matmul(x.transposed, x) + Tensor.eye(n) * Double(n)
}

/// Seeded shapes for property tests: square, tall and wide, tiny to moderate.
let propertyShapes: [(m: Int, n: Int, seed: UInt64)] = [
    (1, 1, 1), (2, 2, 2), (3, 3, 3), (5, 5, 4), (8, 8, 5), (20, 20, 6), (7, 3, 7), (3, 7, 8), (12, 5, 9),
]
