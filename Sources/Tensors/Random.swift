import RealModule

/// A seeded, reproducible pseudo-random generator: xoshiro256** (Blackman &
/// Vigna 2018) whose 256-bit state is filled by four outputs of SplitMix64
/// started at `seed`.
///
/// The same seed gives the same stream on every machine: every derived
/// sampler below is written here from `next()` with integer arithmetic,
/// IEEE basic operations, `squareRoot` and `log` (no platform `random`):
/// - `uniform()` takes the top 53 bits: `Double(next() >> 11) · 2⁻⁵³` ∈ [0, 1);
/// - `normal()` is Marsaglia's polar method: draw `u, v` uniform in (−1, 1)
///   until `0 < s = u² + v² < 1`, then `u·√(−2 ln s / s)` is returned and
///   `v·√(−2 ln s / s)` is kept for the next call (so normals come in pairs);
/// - `integer(in:)` is Lemire's multiply-and-reject method (unbiased);
/// - `permutation` is a Fisher–Yates shuffle drawing `integer(in: 0..<i+1)`
///   for `i = n−1 … 1`.
///
/// Pinned values (seed 42): `next()` gives 1546998764402558742,
/// 6990951692964543102, 12544586762248559009 (see RandomTests).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second normal of the last polar-method pair, returned by the next `normal()`.
    private var spareNormal: Double?

    /// Seeds the four state words with SplitMix64 outputs from `seed` (any
    /// seed, 0 included, gives a non-zero state).
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
        spareNormal = nil
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits (xoshiro256**: `rotl(s₁·5, 7)·9`, then the state update).
    @inlinable
    public mutating func next() -> UInt64 { nextWord() }

    @usableFromInline
    mutating func nextWord() -> UInt64 {
        let result = SeededGenerator.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits: `Double(next() >> 11) · 2⁻⁵³`.
    public mutating func uniform() -> Double {
        Double(nextWord() >> 11) * 0x1p-53
    }

    /// A uniform double in [low, high): `low + (high − low)·uniform()`.
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * uniform()
    }

    /// A standard normal N(0, 1) by Marsaglia's polar method (pairs; see the type's doc).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * Double.log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A normal N(mean, standardDeviation²): `mean + standardDeviation · normal()`.
    public mutating func normal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * normal()
    }

    /// A normal N(0, σ²) truncated to [−bound·σ, bound·σ]: standard normals
    /// outside ±`bound` are drawn again (PyTorch's/JAX's `truncated_normal`
    /// with the default bound 2), then scaled by σ.
    /// - Precondition: `bound > 0`.
    public mutating func truncatedNormal(standardDeviation: Double, bound: Double = 2) -> Double {
        precondition(bound > 0, "truncatedNormal needs a positive bound")
        while true {
            let z = normal()
            if Swift.abs(z) <= bound { return standardDeviation * z }
        }
    }

    /// A uniform integer in `range`, without modulo bias (Lemire 2019:
    /// the high word of `next()·size`, rejecting the few low words below `2⁶⁴ mod size`).
    /// - Precondition: `range` is not empty.
    public mutating func integer(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "integer(in:) needs a non-empty range")
        let size = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        var product = nextWord().multipliedFullWidth(by: size)
        if product.low < size {
            let threshold = (0 &- size) % size
            while product.low < threshold {
                product = nextWord().multipliedFullWidth(by: size)
            }
        }
        return range.lowerBound &+ Int(truncatingIfNeeded: product.high)
    }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates).
    /// - Complexity: O(n).
    public mutating func permutation(_ n: Int) -> [Int] {
        precondition(n >= 0, "permutation of a negative count")
        var p = Array(0..<n)
        var i = n - 1
        while i > 0 {
            p.swapAt(i, integer(in: 0..<(i + 1)))
            i -= 1
        }
        return p
    }

    /// `k` indices drawn from `0..<n`: independently when `replacing`, else
    /// distinct (the first `k` of a partial Fisher–Yates shuffle run from the front).
    /// - Precondition: `k ≥ 0`; `n > 0` when `k > 0` and `replacing`; `k ≤ n` when not.
    /// - Complexity: O(k) with replacement, O(n) without.
    public mutating func choice(_ n: Int, count k: Int, replacing: Bool) -> [Int] {
        precondition(k >= 0 && n >= 0, "choice needs non-negative counts")
        if replacing {
            precondition(k == 0 || n > 0, "choice from an empty range")
            return (0..<k).map { _ in integer(in: 0..<n) }
        }
        precondition(k <= n, "choice of \(k) distinct indices from \(n)")
        var p = Array(0..<n)
        for i in 0..<k { p.swapAt(i, integer(in: i..<n)) }
        return Array(p[0..<k])
    }
}

extension Tensor {
    /// A tensor of `shape` with independent uniform elements in [low, high),
    /// drawn in row-major order.
    public static func uniform(
        _ shape: [Int], low: Double = 0, high: Double = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        let n = elementCount(shape)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = generator.uniform(low, high) }
        return Tensor(shape: shape, scalars: values)
    }

    /// A tensor of `shape` with independent N(mean, standardDeviation²)
    /// elements, drawn in row-major order.
    public static func normal(
        _ shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
        using generator: inout SeededGenerator
    ) -> Tensor {
        let n = elementCount(shape)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = generator.normal(mean: mean, standardDeviation: standardDeviation) }
        return Tensor(shape: shape, scalars: values)
    }
}
