import Autodiff
import NeuralNets
import Tensors

/// How the tasks share parameters.
public enum ParameterSharing: Sendable, Equatable {
    /// One trunk φ_θsh for every task, a head per task: fᵢ(x) = h_θᵢ(φ_θsh(x)).
    case hard
    /// A full network per task, pulled together by a penalty on the trunks
    /// (λ → 0: independent models; λ → ∞: one shared trunk).
    case soft(SoftSharingPenalty, strength: Double)
    /// Cross-stitch units (Misra et al. 2016): a trunk column per task; after
    /// each trunk layer l the columns are mixed, h̃ᵢ = Σⱼ αˡᵢⱼ hⱼ, with a
    /// learned T×T matrix αˡ (initialised to 0.9 on the diagonal and 0.1/(T−1)
    /// elsewhere). Every task must use the same inputs.
    case crossStitch
    /// Multi-gate mixture of experts (Ma et al. 2018): E expert trunks fₑ and a
    /// softmax gate per task, yₖ = hᵏ(Σₑ gᵏ(x)ₑ fₑ(x)) with gᵏ(x) = softmax(x Wₖ + bₖ).
    case mixtureOfExperts(experts: Int)
}

/// The soft-sharing penalty on the T trunks θ₁…θ_T (all trunk weights and biases).
public enum SoftSharingPenalty: String, Sendable, Equatable, CaseIterable {
    /// λ Σᵢ ‖θᵢ − θ̄‖², θ̄ = (1/T) Σᵢ θᵢ (the lesson's form).
    case toMean = "mean"
    /// λ Σ_{i<j} ‖θᵢ − θⱼ‖² (Duong et al. 2015). Equals T times the mean form.
    case pairwise
}

/// A multi-task network: trunk layers (each followed by the activation) and a
/// head per task (an MLP: activation between its layers, the last one linear).
///
/// Shapes: trunk sizes [in, h₁, …, h_k] (just [in] for no trunk); head i has
/// sizes [h_k, …, outᵢ]. Hard sharing has one trunk; soft sharing and
/// cross-stitch one per task; a mixture of experts one per expert, plus a
/// gate (in×E weights, E biases) per task.
public struct MultiTaskNetwork: Sendable {
    public var sharing: ParameterSharing
    /// One trunk (hard), one per task (soft, cross-stitch) or one per expert (MMoE).
    public var trunks: [[LayerParameters]]
    public var heads: [[LayerParameters]]
    /// Cross-stitch: one T×T mixing matrix per trunk layer.
    public var stitches: [Tensor]
    /// MMoE: one gate layer (in×E, E) per task.
    public var gates: [LayerParameters]
    public var activation: Activation

    /// A network with freshly initialised layers: the trunks (hard: one; soft
    /// and cross-stitch: one per task; MMoE: one per expert), then the heads in
    /// order, then the MMoE gates.
    /// - Precondition: sizes chain (a library caller's bug otherwise; LabLibrary validates user input).
    public init(
        trunkSizes: [Int], headSizes: [[Int]], sharing: ParameterSharing = .hard,
        activation: Activation = .tanh,
        initializer: Initializer = .uniformFanIn, using generator: inout SeededGenerator
    ) {
        precondition(!trunkSizes.isEmpty && !headSizes.isEmpty, "a trunk input size and at least one head")
        precondition(
            headSizes.allSatisfy { $0.count >= 2 && $0[0] == trunkSizes.last! },
            "heads start at the trunk's output size")
        func layers(_ sizes: [Int]) -> [LayerParameters] {
            zip(sizes, sizes.dropFirst()).map {
                initializer.layer(inputSize: $0, outputSize: $1, using: &generator)
            }
        }
        let t = headSizes.count
        let trunkCount: Int
        switch sharing {
        case .hard: trunkCount = 1
        case .soft, .crossStitch: trunkCount = t
        case .mixtureOfExperts(let e):
            precondition(e >= 1, "at least one expert")
            trunkCount = e
        }
        let trunks = (0..<trunkCount).map { _ in layers(trunkSizes) }
        let heads = headSizes.map { layers($0) }
        var stitches: [Tensor] = []
        if case .crossStitch = sharing {
            let off = t > 1 ? 0.1 / Double(t - 1) : 0
            var alpha = Tensor(shape: [t, t], repeating: off)
            for i in 0..<t { alpha.scalars[i * t + i] = t > 1 ? 0.9 : 1 }
            stitches = [Tensor](repeating: alpha, count: trunkSizes.count - 1)
        }
        var gates: [LayerParameters] = []
        if case .mixtureOfExperts(let e) = sharing {
            gates = (0..<t).map { _ in
                initializer.layer(inputSize: trunkSizes[0], outputSize: e, using: &generator)
            }
        }
        self.init(
            sharing: sharing, trunks: trunks, heads: heads, stitches: stitches, gates: gates,
            activation: activation)
    }

    /// A network over given layers.
    /// - Precondition: the counts fit the sharing (see the type's doc).
    public init(
        sharing: ParameterSharing, trunks: [[LayerParameters]], heads: [[LayerParameters]],
        stitches: [Tensor] = [],
        gates: [LayerParameters] = [], activation: Activation
    ) {
        switch sharing {
        case .hard: precondition(trunks.count == 1, "hard sharing has one trunk")
        case .soft: precondition(trunks.count == heads.count, "soft sharing has a trunk per task")
        case .crossStitch:
            precondition(
                trunks.count == heads.count && stitches.count == trunks[0].count,
                "a trunk per task, a stitch per layer")
        case .mixtureOfExperts(let e):
            precondition(trunks.count == e && gates.count == heads.count, "E experts, a gate per task")
        }
        self.sharing = sharing
        self.trunks = trunks
        self.heads = heads
        self.stitches = stitches
        self.gates = gates
        self.activation = activation
    }

    public var taskCount: Int { heads.count }
    /// The input size.
    public var inputSize: Int { trunks[0].first?.inputSize ?? heads[0][0].inputSize }
    public var parameterCount: Int {
        (trunks + heads + [gates]).reduce(0) { $0 + $1.reduce(0) { $0 + $1.parameterCount } }
            + stitches.reduce(0) { $0 + $1.count }
    }

    /// Every parameter tensor in a fixed order: trunks (W, b per layer), heads,
    /// stitches, gates — the order the trainer's optimiser sees.
    public var parameterTensors: [Tensor] {
        trunks.flatMap { $0.tensors } + heads.flatMap { $0.tensors } + stitches + gates.tensors
    }

    /// The same network with parameters from a list in `parameterTensors` order.
    public func replacingParameters(_ list: [Tensor]) -> MultiTaskNetwork {
        var copy = self
        var offset = 0
        for k in trunks.indices {
            let n = 2 * trunks[k].count
            copy.trunks[k] = trunks[k].replacing(with: Array(list[offset..<(offset + n)]))
            offset += n
        }
        for k in heads.indices {
            let n = 2 * heads[k].count
            copy.heads[k] = heads[k].replacing(with: Array(list[offset..<(offset + n)]))
            offset += n
        }
        copy.stitches = Array(list[offset..<(offset + stitches.count)])
        offset += stitches.count
        copy.gates = gates.replacing(with: Array(list[offset..<(offset + 2 * gates.count)]))
        return copy
    }

    /// Every task's prediction for its batch (N×in each): N×outᵢ each.
    /// - Throws: shape errors; cross-stitch needs the same number of rows for every task.
    public func predict(_ inputs: [Tensor]) throws(TensorError) -> [Tensor] {
        let variables = NetworkVariables(self, requiresGrad: false)
        return try forward(inputs.map { Variable(constant: $0) }, variables).outputs.map(\.value)
    }

    /// Task `task`'s prediction for a batch x (N×in): N×outᵢ.
    public func predict(_ x: Tensor, task: Int) throws(TensorError) -> Tensor {
        try predict([Tensor](repeating: x, count: taskCount))[task]
    }

    /// The forward pass of every task: the representation each head sees and the outputs.
    func forward(_ inputs: [Variable], _ v: NetworkVariables) throws(TensorError) -> (
        representations: [Variable], outputs: [Variable]
    ) {
        let t = taskCount
        var representations: [Variable] = []
        switch sharing {
        case .hard:
            for i in 0..<t { representations.append(try trunk(inputs[i], v.trunks[0])) }
        case .soft:
            for i in 0..<t { representations.append(try trunk(inputs[i], v.trunks[i])) }
        case .crossStitch:
            for i in 1..<max(t, 1) where inputs[i].shape[0] != inputs[0].shape[0] {
                throw .shapeMismatch(
                    operation: "cross-stitch (every task needs the same inputs)", lhs: inputs[0].shape,
                    rhs: inputs[i].shape)
            }
            var h = inputs
            for l in 0..<v.trunks[0].count {
                let z = try (0..<t).map { (i) throws(TensorError) in
                    activation(try linear(h[i], v.trunks[i][l]))
                }
                // h̃ᵢ = Σⱼ αᵢⱼ zⱼ, with α read element by element as a 1×1 slice.
                h = try (0..<t).map { (i) throws(TensorError) -> Variable in
                    var mixed: Variable? = nil
                    for j in 0..<t {
                        let a = try v.stitches[l].sliced(alongAxis: 0, range: i..<(i + 1)).sliced(
                            alongAxis: 1, range: j..<(j + 1))
                        let term = try a * z[j]
                        mixed = try mixed.map { (m) throws(TensorError) in try m + term } ?? term
                    }
                    return mixed!
                }
            }
            representations = h
        case .mixtureOfExperts(let e):
            for i in 0..<t {
                let experts = try (0..<e).map { (k) throws(TensorError) in try trunk(inputs[i], v.trunks[k]) }
                let gate = try linear(inputs[i], v.gates[i]).softmax(axis: 1)
                var mixed: Variable? = nil
                for k in 0..<e {
                    let term = try gate.sliced(alongAxis: 1, range: k..<(k + 1)) * experts[k]
                    mixed = try mixed.map { (m) throws(TensorError) in try m + term } ?? term
                }
                representations.append(mixed!)
            }
        }
        let outputs = try (0..<t).map { (i) throws(TensorError) in try head(representations[i], v.heads[i]) }
        return (representations, outputs)
    }

    /// Z = act(…act(x W₁ + b₁)…): one trunk column.
    func trunk(_ x: Variable, _ layers: [LayerVariables]) throws(TensorError) -> Variable {
        var h = x
        for layer in layers { h = activation(try linear(h, layer)) }
        return h
    }

    /// A head on the representation: activation between its layers, the last linear.
    func head(_ z: Variable, _ layers: [LayerVariables]) throws(TensorError) -> Variable {
        var h = z
        for (l, layer) in layers.enumerated() {
            h = try linear(h, layer)
            if l < layers.count - 1 { h = activation(h) }
        }
        return h
    }
}

/// A network's parameters as Variables (leaves), grouped like the network.
struct NetworkVariables {
    var trunks: [[LayerVariables]]
    var heads: [[LayerVariables]]
    var stitches: [Variable]
    var gates: [LayerVariables]

    init(_ network: MultiTaskNetwork, requiresGrad: Bool = true) {
        trunks = network.trunks.map { $0.map { LayerVariables($0, requiresGrad: requiresGrad) } }
        heads = network.heads.map { $0.map { LayerVariables($0, requiresGrad: requiresGrad) } }
        stitches = network.stitches.map { Variable($0, requiresGrad: requiresGrad) }
        gates = network.gates.map { LayerVariables($0, requiresGrad: requiresGrad) }
    }

    /// Every leaf, in `MultiTaskNetwork.parameterTensors` order.
    var all: [Variable] {
        trunks.flatMap { $0.variables } + heads.flatMap { $0.variables } + stitches + gates.variables
    }
}
