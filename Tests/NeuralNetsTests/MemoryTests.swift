import Autodiff
import Foundation
import NeuralNets
import Tensors
import Testing

/// The graph of every meta-iteration — forward, recorded inner gradient,
/// adapted forward, outer backward — is freed when the iteration ends.
/// (The 10,000-iteration W1 figure is `metalab-bench autodiff-memory`.)
@Suite struct MemoryTests {
    @Test func everyMetaIterationsGraphIsFreed() throws {
        var rng = SeededGenerator(seed: 21)
        var mlp = MLP(sizes: [1, 40, 40, 1], activation: .relu, using: &rng)
        var adam = Adam(learningRate: 1e-3)
        var resident: [Double] = []
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
                let f = { (x: Tensor) in Variable(constant: x.map { amplitude * Foundation.sin($0 - phase) }) }
                tasks.append((Variable(constant: xs), f(xs), Variable(constant: xq), f(xq)))
            }
            let theta = mlp.variables()
            var metaLoss = Variable(constant: Tensor(0))
            for (xs, ys, xq, yq) in tasks {
                let support = try meanSquaredError(mlp(xs, parameters: theta), ys)
                let inner = try gradients(of: support, wrt: theta.variables, createGraph: true)
                lastInnerGradient = inner[0]
                let adapted = try zip(theta.variables, inner).map { try $0 - 0.01 * $1 }
                metaLoss = try metaLoss + meanSquaredError(mlp(xq, parameters: [LayerVariables](pairs: adapted)), yq)
            }
            var parameters = mlp.parameters.tensors
            try adam.update(&parameters, gradients: gradientTensors(of: metaLoss, wrt: theta.variables))
            mlp.parameters = mlp.parameters.replacing(with: parameters)
            lastMetaLoss = metaLoss
            if i == 40 || i == iterations - 1 { resident.append(residentMegabytes()) }
            if i > 0 { #expect(previousMetaLoss == nil, "iteration \(i - 1)'s graph is still alive") }
            previousMetaLoss = lastMetaLoss
        }
        // Every node of the last iteration is gone once its variables are out of scope.
        #expect(lastMetaLoss == nil)
        #expect(lastInnerGradient == nil)
        // Resident memory is process-wide and other suites run beside this one, so it is
        // only reported here (alone, this test grows by under 0.3 MB; keeping every graph
        // grows it by ~100 MB). `metalab-bench autodiff-memory` measures it in isolation.
        print("MemoryTests: resident MB after warm-up and at the end: \(resident)")
    }
}

/// Resident set size in MB: the second field of /proc/self/statm (pages) × the page size.
func residentMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}
