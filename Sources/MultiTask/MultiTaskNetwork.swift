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
/// sizes [h_k, …, outᵢ]. Under hard sharing there is one trunk; under soft
/// sharing one per task, all of the same sizes.
public struct MultiTaskNetwork: Sendable {
    public var sharing: ParameterSharing
    /// One trunk (hard) or one per task (soft).
    public var trunks: [[LayerParameters]]
    public var heads: [[LayerParameters]]
    public var activation: Activation

    /// A network with freshly initialised layers (trunk first, then head 0, head 1, …;
    /// under soft sharing trunk i is drawn just before head i).
    /// - Precondition: sizes chain (a library caller's bug otherwise; LabLibrary validates user input).
    public init(
        trunkSizes: [Int], headSizes: [[Int]], sharing: ParameterSharing = .hard, activation: Activation = .tanh,
        initializer: Initializer = .uniformFanIn, using generator: inout SeededGenerator
    ) {
        precondition(!trunkSizes.isEmpty && !headSizes.isEmpty, "a trunk input size and at least one head")
        precondition(headSizes.allSatisfy { $0.count >= 2 && $0[0] == trunkSizes.last! }, "heads start at the trunk's output size")
        func layers(_ sizes: [Int]) -> [LayerParameters] {
            zip(sizes, sizes.dropFirst()).map { initializer.layer(inputSize: $0, outputSize: $1, using: &generator) }
        }
        var trunks: [[LayerParameters]] = []
        var heads: [[LayerParameters]] = []
        switch sharing {
        case .hard:
            trunks = [layers(trunkSizes)]
            heads = headSizes.map { layers($0) }
        case .soft:
            for sizes in headSizes {
                trunks.append(layers(trunkSizes))
                heads.append(layers(sizes))
            }
        }
        self.init(sharing: sharing, trunks: trunks, heads: heads, activation: activation)
    }

    /// A network over given layers.
    /// - Precondition: one trunk for hard sharing, one per head for soft sharing.
    public init(sharing: ParameterSharing, trunks: [[LayerParameters]], heads: [[LayerParameters]], activation: Activation) {
        switch sharing {
        case .hard: precondition(trunks.count == 1, "hard sharing has one trunk")
        case .soft: precondition(trunks.count == heads.count, "soft sharing has a trunk per task")
        }
        self.sharing = sharing
        self.trunks = trunks
        self.heads = heads
        self.activation = activation
    }

    public var taskCount: Int { heads.count }
    /// The input size.
    public var inputSize: Int { trunks[0].first?.inputSize ?? heads[0][0].inputSize }
    public var parameterCount: Int {
        (trunks + heads).reduce(0) { $0 + $1.reduce(0) { $0 + $1.parameterCount } }
    }

    /// The trunk used by `task`.
    public func trunk(for task: Int) -> [LayerParameters] {
        if case .hard = sharing { return trunks[0] }
        return trunks[task]
    }

    /// Task `task`'s prediction for a batch x (N×in): N×outᵢ.
    public func predict(_ x: Tensor, task: Int) throws(TensorError) -> Tensor {
        let z = try representation(
            Variable(constant: x), trunk: trunk(for: task).map { LayerVariables($0, requiresGrad: false) })
        return try head(z, heads[task].map { LayerVariables($0, requiresGrad: false) }).value
    }

    /// Z = act(…act(x W₁ + b₁)…): the shared representation.
    func representation(_ x: Variable, trunk: [LayerVariables]) throws(TensorError) -> Variable {
        var h = x
        for layer in trunk { h = activation(try linear(h, layer)) }
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
