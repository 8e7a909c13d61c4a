/// A mean with its 95% confidence half-width over independent samples (tasks or
/// episodes): mean ± 1.96 · s / √n, s the sample standard deviation (n − 1).
/// With one sample the half-width is 0.
public struct MeanInterval: Sendable, Equatable, CustomStringConvertible {
    public var mean: Double
    public var halfWidth: Double
    public var count: Int

    public init(samples: [Double]) {
        count = samples.count
        guard !samples.isEmpty else { mean = .nan; halfWidth = .nan; return }
        let n = Double(samples.count)
        mean = samples.reduce(0, +) / n
        guard samples.count > 1 else { halfWidth = 0; return }
        let m = mean
        let variance = samples.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        halfWidth = 1.96 * (variance / n).squareRoot()
    }

    public var description: String { "\(mean) ± \(halfWidth)" }
}

/// Called after every meta-iteration with (iteration counted from 1, total, loss).
/// Returns false to stop (Ctrl-C): the trainer keeps what it learned so far.
public typealias MetaProgress = (_ iteration: Int, _ total: Int, _ loss: Double) -> Bool
