import Autodiff
import Tensors

/// SplitMix64: a small seeded generator so every random test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A tensor of `shape` with elements uniform in `range`.
func randomTensor(_ shape: [Int], in range: ClosedRange<Double>, using rng: inout SplitMix64) -> Tensor {
    Tensor(shape: shape, scalars: (0..<Tensor.elementCount(shape)).map { _ in Double.random(in: range, using: &rng) })
}

/// max |a − b| / max(1, max |b|): the error relative to the reference's scale.
func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    precondition(a.count == b.count, "comparing \(a.shape) with \(b.shape)")
    var worst = 0.0
    var scale = 1.0
    for i in 0..<a.count {
        worst = max(worst, abs(a.scalars[i] - b.scalars[i]))
        scale = max(scale, abs(b.scalars[i]))
    }
    return worst / scale
}
