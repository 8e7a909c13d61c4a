import Autodiff
import Foundation
import NeuralNets
import Tensors
import Testing

/// The graph of every meta-iteration — forward, recorded inner gradient,
/// adapted forward, outer backward — is freed when the iteration ends: memory stays flat
/// because no node outlives its iteration. Counted with weak references, not resident
/// memory, which is process-wide while other suites run beside this one.
/// (The 10,000-iteration W1 figure in MB is `metalab-bench autodiff-memory`.)
@Suite struct MemoryTests {
    @Test func everyMetaIterationsGraphIsFreed() throws {
        var rng = SeededGenerator(seed: 21)
        var mlp = MLP(sizes: [1, 40, 40, 1], activation: .relu, using: &rng)
        var adam = Adam(learningRate: 1e-3)
        /// Every inner gradient and adapted parameter of every iteration, held weakly.
        struct Weak { weak var node: Variable? }
        var nodes: [Weak] = []
        weak var lastMetaLoss: Variable?
        weak var lastInnerGradient: Variable?
        weak var previousMetaLoss: Variable?
        let iterations = 120
        for i in 0..<iterations {
            let amplitude = rng.uniform(0.1, 5)
            let phase = rng.uniform(0, Double.pi)
            var tasks: [(Variable, Variable, Variable, Variable)] = []
            for _ in 0..<4 {
                let xs = Tensor.uniform([10, 1], low: -5, high: 5, using: &rng)
                let xq = Tensor.uniform([10, 1], low: -5, high: 5, using: &rng)
                let f = { (x: Tensor) in Variable(constant: x.map { amplitude * Foundation.sin($0 - phase) })
                }
                tasks.append((Variable(constant: xs), f(xs), Variable(constant: xq), f(xq)))
            }
            let theta = mlp.variables()
            var metaLoss = Variable(constant: Tensor(0))
            for (xs, ys, xq, yq) in tasks {
                let support = try meanSquaredError(mlp(xs, parameters: theta), ys)
                let inner = try gradients(of: support, wrt: theta.variables, createGraph: true)
                lastInnerGradient = inner[0]
                let adapted = try zip(theta.variables, inner).map { try $0 - 0.01 * $1 }
                nodes += (inner + adapted + [support]).map { Weak(node: $0) }
                metaLoss =
                    try metaLoss + meanSquaredError(mlp(xq, parameters: [LayerVariables](pairs: adapted)), yq)
            }
            var parameters = mlp.parameters.tensors
            try adam.update(&parameters, gradients: gradientTensors(of: metaLoss, wrt: theta.variables))
            mlp.parameters = mlp.parameters.replacing(with: parameters)
            lastMetaLoss = metaLoss
            if i > 0 { #expect(previousMetaLoss == nil, "iteration \(i - 1)'s graph is still alive") }
            previousMetaLoss = lastMetaLoss
        }
        // Every node of the last iteration is gone once its variables are out of scope.
        #expect(lastMetaLoss == nil)
        #expect(lastInnerGradient == nil)
        // Flat: of the 120 × 4 × (6 + 6 + 1) nodes recorded, none is alive.
        #expect(nodes.count == iterations * 4 * 13)
        #expect(nodes.filter { $0.node != nil }.count == 0)
    }
}
