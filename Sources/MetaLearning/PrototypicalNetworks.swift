import Autodiff
import NeuralNets
import RealModule
import TaskData
import Tensors

/// Prototypical Networks (Snell, Swersky & Zemel 2017).
///
/// Each class's prototype is the mean embedding of its support points,
/// c_k = (1/|S_k|) Σ_{x∈S_k} f(x); a query is classified by the softmax over
/// negative squared Euclidean distances, p(y = k | x) ∝ exp(−‖f(x) − c_k‖²);
/// the episode loss is the cross-entropy of those probabilities.
public enum PrototypicalNetworks {
    /// The C×D prototypes of N×D embeddings with labels 0…C−1 (a class
    /// without support points gets a zero prototype).
    public static func prototypes(_ embeddings: Variable, labels: [Int], classCount: Int) throws(TensorError)
        -> Variable
    {
        var counts = [Double](repeating: 0, count: classCount)
        for y in labels { counts[y] += 1 }
        var averaging = Tensor.zeros([classCount, labels.count])
        for (i, y) in labels.enumerated() { averaging.scalars[y * labels.count + i] = 1 / counts[y] }
        return try matmul(Variable(constant: averaging), embeddings)
    }

    /// The N×C matrix of squared distances ‖a_i − b_k‖² = ‖a_i‖² − 2 a_i·b_k + ‖b_k‖².
    public static func squaredDistances(_ a: Variable, _ b: Variable) throws(TensorError) -> Variable {
        let aa = try square(a).sum(axes: [1], keepingDimensions: true)  // N×1
        let bb = try square(b).sum(axes: [1], keepingDimensions: true).transposed  // 1×C
        return try (aa + bb) - matmul(a, b.transposed) * 2
    }

    /// Cross-entropy of softmax(−distances) at the query labels, and the
    /// fraction of queries whose nearest prototype is their class.
    public static func loss(
        support: Variable, supportLabels: [Int], query: Variable, queryLabels: [Int], classCount: Int
    ) throws(TensorError) -> (loss: Variable, accuracy: Double) {
        let c = try prototypes(support, labels: supportLabels, classCount: classCount)
        let logits = try -squaredDistances(query, c)
        let loss = try crossEntropy(logits: logits, labels: queryLabels)
        return (loss, try NeuralNets.accuracy(logits: logits.value, labels: queryLabels))
    }

    /// Query accuracy of one episode; `encoder` nil classifies raw inputs.
    public static func episodeAccuracy(encoder: MLP?, episode: Episode) throws(MetaLearningError) -> Double {
        let classCount = (episode.supportY.max() ?? 0) + 1
        return try! withoutErrors { () throws(TensorError) in
            let s = try encoder.map { e throws(TensorError) in try e(episode.supportX) } ?? episode.supportX
            let q = try encoder.map { e throws(TensorError) in try e(episode.queryX) } ?? episode.queryX
            return try loss(
                support: Variable(constant: s), supportLabels: episode.supportY, query: Variable(constant: q),
                queryLabels: episode.queryY, classCount: classCount
            ).accuracy
        }
    }

    /// Mean query accuracy over episodes with its 95% interval.
    public static func accuracy(encoder: MLP?, episodes: [Episode]) throws(MetaLearningError) -> MeanInterval
    {
        guard !episodes.isEmpty else { throw .emptyTaskBatch }
        if let encoder, let first = episodes.first, first.supportX.shape[1] != encoder.sizes[0] {
            throw .networkTaskMismatch(
                networkInputs: encoder.sizes[0], networkOutputs: encoder.sizes.last!,
                taskInputs: first.supportX.shape[1], taskOutputs: 1)
        }
        var samples: [Double] = []
        for e in episodes { samples.append(try episodeAccuracy(encoder: encoder, episode: e)) }
        return MeanInterval(samples: samples)
    }
}

/// Episodic training of an MLP encoder with the prototypical loss and Adam.
public final class PrototypicalTrainer {
    public private(set) var encoder: MLP
    public var optimizer: FlatAdam
    public private(set) var iteration = 0

    public init(encoder: MLP, learningRate: Double = 1e-3) throws(MetaLearningError) {
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalidHyperparameter(name: "learningRate", value: learningRate, requirement: "positive")
        }
        self.encoder = encoder
        optimizer = FlatAdam(parameterCount: encoder.parameterCount, learningRate: learningRate)
    }

    /// One Adam step on an episode's prototypical loss; returns the loss before it.
    @discardableResult
    public func step(on episode: Episode) throws(MetaLearningError) -> Double {
        guard episode.supportX.rank == 2, episode.supportX.shape[1] == encoder.sizes[0] else {
            throw .networkTaskMismatch(
                networkInputs: encoder.sizes[0], networkOutputs: encoder.sizes.last!,
                taskInputs: episode.supportX.shape.last ?? 0, taskOutputs: 1)
        }
        let classCount = (episode.supportY.max() ?? 0) + 1
        let leaves = encoder.variables()
        let (loss, grads) = try! withoutErrors { () throws(TensorError) in
            let s = try encoder(Variable(constant: episode.supportX), parameters: leaves)
            let q = try encoder(Variable(constant: episode.queryX), parameters: leaves)
            let l = try PrototypicalNetworks.loss(
                support: s, supportLabels: episode.supportY, query: q,
                queryLabels: episode.queryY, classCount: classCount
            ).loss
            return (l.value.scalars[0], try gradientTensors(of: l, wrt: leaves.variables))
        }
        var packed = encoder.parameters.flattened
        optimizer.update(&packed, gradient: grads.flatMap(\.scalars))
        encoder.parameters = encoder.parameters.unflattened(packed)
        iteration += 1
        return loss
    }

    /// `iterations` steps on `sampleEpisode(iteration)`; the loss of each.
    @discardableResult
    public func train(iterations: Int, sampleEpisode: (Int) throws -> Episode, progress: MetaProgress? = nil)
        throws -> [Double]
    {
        var history: [Double] = []
        for i in 0..<iterations {
            history.append(try step(on: try sampleEpisode(iteration)))
            if let progress, !progress(i + 1, iterations, history[history.count - 1]) { break }
        }
        return history
    }
}

/// The matching-network rule (Vinyals et al. 2016) without the full-context
/// embeddings: a query's label distribution is an attention-weighted vote of
/// the support labels, a(x̂, x_i) = softmax_i(cos(x̂, x_i)), ŷ = Σ_i a(x̂, x_i) y_i.
/// - Returns: Q×C class probabilities (rows sum to 1) for Q×D queries given N×D
///   support points with labels 0…C−1.
public func matchingNetworkProbabilities(
    support: Tensor, supportLabels: [Int], query: Tensor, classCount: Int
) throws(MetaLearningError) -> Tensor {
    guard support.rank == 2, query.rank == 2, support.shape[1] == query.shape[1],
        support.shape[0] == supportLabels.count
    else {
        throw .taskShapeMismatch(
            task: 0, part: "support and query", expected: [supportLabels.count, query.shape.last ?? 0],
            actual: support.shape)
    }
    guard supportLabels.allSatisfy({ $0 >= 0 && $0 < classCount }) else {
        throw .invalidHyperparameter(
            name: "supportLabels", value: Double(supportLabels.max() ?? -1),
            requirement: "labels in 0..<classCount")
    }
    let (n, d, q) = (support.shape[0], support.shape[1], query.shape[0])
    func norms(_ t: Tensor, _ rows: Int) -> [Double] {
        (0..<rows).map { i in
            max((0..<d).reduce(0) { $0 + t.scalars[i * d + $1] * t.scalars[i * d + $1] }.squareRoot(), 1e-12)
        }
    }
    let ns = norms(support, n), nq = norms(query, q)
    var out = Tensor.zeros([q, classCount])
    for i in 0..<q {
        var cosines = (0..<n).map { j in
            (0..<d).reduce(0) { $0 + query.scalars[i * d + $1] * support.scalars[j * d + $1] }
                / (nq[i] * ns[j])
        }
        let m = cosines.max() ?? 0
        cosines = cosines.map { Double.exp($0 - m) }
        let z = cosines.reduce(0, +)
        for j in 0..<n { out.scalars[i * classCount + supportLabels[j]] += cosines[j] / z }
    }
    return out
}
