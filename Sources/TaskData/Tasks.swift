import RealModule
import Tensors

/// A parameter as a task description shows it: 6 significant digits,
/// whole numbers without ".0", π by name.
func formatParameter(_ v: Double) -> String {
    if v == Double.pi { return "π" }
    if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int(v)) }
    guard v.isFinite, v != 0 else { return "\(v)" }
    let scale = Double.pow(10, 5 - Double.log10(Swift.abs(v)).rounded(.down))
    let r = (v * scale).rounded() / scale
    return r == r.rounded() && Swift.abs(r) < 1e15 ? String(Int(r)) : "\(r)"
}

/// Where a task draws its inputs x from.
public enum InputDistribution: Sendable, Equatable, CustomStringConvertible {
    /// x ~ U[low, high).
    case uniform(low: Double, high: Double)
    /// x ~ 𝒩(mean, standardDeviation²).
    case normal(mean: Double, standardDeviation: Double)

    func draw(using generator: inout SeededGenerator) -> Double {
        switch self {
        case let .uniform(low, high): return generator.uniform(low, high)
        case let .normal(mean, sd): return generator.normal(mean: mean, standardDeviation: sd)
        }
    }

    public var description: String {
        switch self {
        case let .uniform(low, high): return "x ~ U[\(formatParameter(low)), \(formatParameter(high))]"
        case let .normal(mean, sd): return "x ~ N(\(formatParameter(mean)), \(formatParameter(sd))²)"
        }
    }
}

/// One task drawn from a task distribution: a true function of x and a way
/// to sample K labelled points from it.
///
/// Regression tasks (sinusoid, linear) are functions ℝ → ℝ and `sample(K)`
/// gives x: K×1, y: K×1. A Gaussian-cluster task is an N-way classification
/// problem in ℝᴰ: `sample(K)` gives K points of every class, x: (N·K)×D and
/// y: (N·K)×1 holding the labels 0…N−1 (class by class), and the task called
/// on points returns the Bayes-optimal label (the nearest centre).
public struct Task: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// y = A sin(x − φ), noise-free (Finn et al. 2017; the golden files' sign of φ).
        case sinusoid(amplitude: Double, phase: Double)
        /// y = a x + ε, ε ~ 𝒩(0, noise²); the true function is a x.
        case linear(slope: Double, noise: Double)
        /// N isotropic Gaussian clusters 𝒩(cₖ, σ²I) in ℝᴰ; `centres` is N×D.
        case gaussianClusters(centres: Tensor, standardDeviation: Double)
    }

    public var kind: Kind
    /// The input distribution of a regression task (unused by clusters).
    public var input: InputDistribution

    public init(_ kind: Kind, input: InputDistribution) {
        self.kind = kind
        self.input = input
    }

    /// The dimension D of one input point.
    public var inputDimension: Int {
        if case let .gaussianClusters(centres, _) = kind { return centres.shape[1] }
        return 1
    }

    /// The true function at one number (regression tasks; a cluster task in
    /// one dimension gives the nearest centre's label).
    public func callAsFunction(_ x: Double) -> Double {
        switch kind {
        case let .sinusoid(a, phi): return a * Double.sin(x - phi)
        case let .linear(slope, _): return slope * x
        case .gaussianClusters: return nearestCentre([x])
        }
    }

    /// The true function on a batch: x is N×D (or a vector of N numbers when
    /// D = 1); the result is N×1. Throws when the point size is not D.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        let d = inputDimension
        let points: Int
        if x.rank == 2 && x.shape[1] == d {
            points = x.shape[0]
        } else if d == 1 && x.rank <= 1 {
            points = x.count
        } else {
            throw .invalidShape(
                operation: "task", shape: x.shape, expected: "an N×\(d) matrix of points (one per row)")
        }
        var out = [Double](repeating: 0, count: points)
        for n in 0..<points {
            out[n] = d == 1 ? self(x.scalars[n]) : nearestCentre(Array(x.scalars[(n * d)..<((n + 1) * d)]))
        }
        return Tensor(shape: [points, 1], scalars: out)
    }

    func nearestCentre(_ point: [Double]) -> Double {
        guard case let .gaussianClusters(centres, _) = kind else { return .nan }
        let (n, d) = (centres.shape[0], centres.shape[1])
        var best = (label: 0, distance: Double.infinity)
        for k in 0..<n {
            var s = 0.0
            for j in 0..<d {
                let diff = point[j] - centres.scalars[k * d + j]
                s += diff * diff
            }
            if s < best.distance { best = (k, s) }
        }
        return Double(best.label)
    }

    /// K labelled points from the task.
    ///
    /// Draw order (reproducible from the generator): regression tasks draw
    /// the K inputs first, then (linear tasks) the K noises εₖ; cluster tasks
    /// draw class 0's K points coordinate by coordinate, then class 1's, ….
    /// - Precondition: `k ≥ 0` (a library caller's bug otherwise).
    public func sample(_ k: Int, using generator: inout SeededGenerator) -> (x: Tensor, y: Tensor) {
        precondition(k >= 0, "sample a negative number of points")
        switch kind {
        case .sinusoid, .linear:
            let xs = (0..<k).map { _ in input.draw(using: &generator) }
            var ys = xs.map { self($0) }
            if case let .linear(_, noise) = kind {
                for i in 0..<k { ys[i] += noise * generator.normal() }
            }
            return (Tensor(shape: [k, 1], scalars: xs), Tensor(shape: [k, 1], scalars: ys))
        case let .gaussianClusters(centres, sd):
            let (n, d) = (centres.shape[0], centres.shape[1])
            var xs: [Double] = []
            var ys: [Double] = []
            xs.reserveCapacity(n * k * d)
            for c in 0..<n {
                for _ in 0..<k {
                    for j in 0..<d { xs.append(centres.scalars[c * d + j] + sd * generator.normal()) }
                    ys.append(Double(c))
                }
            }
            return (Tensor(shape: [n * k, d], scalars: xs), Tensor(shape: [n * k, 1], scalars: ys))
        }
    }

    public var description: String {
        switch kind {
        case let .sinusoid(a, phi):
            return "sinusoid task y = \(formatParameter(a))·sin(x − \(formatParameter(phi))), \(input)"
        case let .linear(slope, noise):
            return
                "linear task y = \(formatParameter(slope))·x + ε, ε ~ N(0, \(formatParameter(noise))²), \(input)"
        case let .gaussianClusters(centres, sd):
            return
                "Gaussian-cluster task: \(centres.shape[0]) classes in ℝ^\(centres.shape[1]), σ = \(formatParameter(sd))"
        }
    }
}

/// What went wrong with a task family's settings (a learner's input).
public enum TaskFamilyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A range whose low end is above its high end, or a negative spread.
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, reason): return "\(name): \(reason)"
        }
    }
}

/// A distribution over tasks p(𝒯), sampled with a seeded generator.
public protocol TaskDistribution: Sendable, CustomStringConvertible {
    /// One task 𝒯 ~ p(𝒯).
    func sampleTask(using generator: inout SeededGenerator) -> Task
}

extension TaskDistribution {
    /// n independent tasks, in order.
    public func sample(_ n: Int, using generator: inout SeededGenerator) -> [Task] {
        (0..<max(n, 0)).map { _ in sampleTask(using: &generator) }
    }
}

func checkRange(_ name: String, _ range: (Double, Double)) throws(TaskFamilyError) {
    guard range.0.isFinite, range.1.isFinite, range.0 <= range.1 else {
        throw .invalidParameter(
            name: name,
            reason:
                "expected finite (low, high) with low ≤ high, got (\(formatParameter(range.0)), \(formatParameter(range.1)))"
        )
    }
}

/// Sinusoid regression tasks of MAML's §5.1 (Finn, Abbeel & Levine 2017):
///
///     y = A sin(x − φ),   A ~ U[0.1, 5],  φ ~ U[0, π],  x ~ U[−5, 5].
///
/// Draw order per task: A, then φ. The best single predictor over this
/// distribution is E[y | x] = −(2/π)·E[A]·cos x = −1.6234·cos x (its MSE is 3.006), so a non-adapting
/// model cannot beat MSE ≈ 3.
public struct SinusoidTasks: TaskDistribution, Equatable {
    public var amplitude: (Double, Double)
    public var phase: (Double, Double)
    public var input: (Double, Double)

    public init(
        amplitude: (Double, Double) = (0.1, 5), phase: (Double, Double) = (0, Double.pi),
        input: (Double, Double) = (-5, 5)
    ) throws(TaskFamilyError) {
        try checkRange("amplitude", amplitude)
        try checkRange("phase", phase)
        try checkRange("x", input)
        self.amplitude = amplitude
        self.phase = phase
        self.input = input
    }

    public func sampleTask(using generator: inout SeededGenerator) -> Task {
        let a = generator.uniform(amplitude.0, amplitude.1)
        let phi = generator.uniform(phase.0, phase.1)
        return Task(.sinusoid(amplitude: a, phase: phi), input: .uniform(low: input.0, high: input.1))
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.amplitude == r.amplitude && l.phase == r.phase && l.input == r.input
    }

    public var description: String {
        "sinusoid tasks: A ~ U[\(formatParameter(amplitude.0)), \(formatParameter(amplitude.1))], φ ~ U[\(formatParameter(phase.0)), \(formatParameter(phase.1))], x ~ U[\(formatParameter(input.0)), \(formatParameter(input.1))]"
    }
}

/// One-dimensional linear regression tasks of the closed-form MAML lesson:
///
///     y = a x + ε,   a ~ 𝒩(μ, v),  ε ~ 𝒩(0, σ²),  x ~ 𝒩(0, 1).
///
/// With K shots and the loss ½·mean (θx − y)², one MAML step has the optimal
/// inner step α* = 1/(1 + 2/K + σ²/(Kv)) (the 2/K comes from E[x⁴] = 3 for
/// standard normal inputs). Draw order per task: a.
public struct LinearTasks: TaskDistribution, Equatable {
    /// μ, the mean slope.
    public var slopeMean: Double
    /// v, the variance of the slope.
    public var slopeVariance: Double
    /// σ, the standard deviation of the observation noise.
    public var noise: Double
    /// The input distribution (𝒩(0, 1) by default).
    public var input: InputDistribution

    public init(
        slopeMean: Double = 1, slopeVariance: Double = 1, noise: Double = 0.5,
        input: InputDistribution = .normal(mean: 0, standardDeviation: 1)
    ) throws(TaskFamilyError) {
        guard slopeVariance >= 0, slopeVariance.isFinite else {
            throw .invalidParameter(
                name: "variance", reason: "must be a finite number ≥ 0, got \(slopeVariance)")
        }
        guard noise >= 0, noise.isFinite else {
            throw .invalidParameter(name: "noise", reason: "must be a finite number ≥ 0, got \(noise)")
        }
        self.slopeMean = slopeMean
        self.slopeVariance = slopeVariance
        self.noise = noise
        self.input = input
    }

    public func sampleTask(using generator: inout SeededGenerator) -> Task {
        let a = slopeMean + slopeVariance.squareRoot() * generator.normal()
        return Task(.linear(slope: a, noise: noise), input: input)
    }

    public var description: String {
        "linear tasks: y = a·x + ε, a ~ N(\(formatParameter(slopeMean)), \(formatParameter(slopeVariance))), ε ~ N(0, \(formatParameter(noise))²), \(input)"
    }
}

/// N-way classification tasks made of isotropic Gaussian clusters:
///
///     cₖ ~ 𝒩(0, s² I_D) for k = 1…N,   x | class k ~ 𝒩(cₖ, σ² I_D).
///
/// A fresh set of centres per task, so a learner must adapt (the setting of
/// Prototypical Networks in miniature: the prototype of class k estimates cₖ).
/// Draw order per task: centre 0's D coordinates, then centre 1's, ….
public struct GaussianClusterTasks: TaskDistribution, Equatable {
    public var classes: Int
    public var dimension: Int
    /// s, the spread of the centres.
    public var centreSpread: Double
    /// σ, the spread of the points around their centre.
    public var standardDeviation: Double

    public init(
        classes: Int = 2, dimension: Int = 2, centreSpread: Double = 3, standardDeviation: Double = 1
    ) throws(TaskFamilyError) {
        guard classes >= 1 else {
            throw .invalidParameter(name: "classes", reason: "needs at least 1 class, got \(classes)")
        }
        guard dimension >= 1 else {
            throw .invalidParameter(name: "dimension", reason: "must be at least 1, got \(dimension)")
        }
        guard centreSpread >= 0, centreSpread.isFinite, standardDeviation >= 0, standardDeviation.isFinite
        else {
            throw .invalidParameter(name: "spread", reason: "spreads must be finite numbers ≥ 0")
        }
        self.classes = classes
        self.dimension = dimension
        self.centreSpread = centreSpread
        self.standardDeviation = standardDeviation
    }

    public func sampleTask(using generator: inout SeededGenerator) -> Task {
        let centres = Tensor.normal([classes, dimension], standardDeviation: centreSpread, using: &generator)
        return Task(
            .gaussianClusters(centres: centres, standardDeviation: standardDeviation),
            input: .normal(mean: 0, standardDeviation: centreSpread))
    }

    public var description: String {
        "Gaussian-cluster tasks: \(classes) classes in ℝ^\(dimension), centres ~ N(0, \(formatParameter(centreSpread))²I), σ = \(formatParameter(standardDeviation))"
    }
}
