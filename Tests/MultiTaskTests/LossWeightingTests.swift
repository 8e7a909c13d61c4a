import Foundation
import MultiTask
import Tensors
import TestSupport
import Testing

@Suite struct LossWeightingTests {
    @Test func uncertaintyWeightingMatchesGolden() throws {
        let golden = try goldenFile("mtl_uncertainty")
        let net = TwoTaskNetwork(golden: golden)
        let tasks = [net.gradients(task: 0), net.gradients(task: 1)]
        let losses = tasks.map(\.loss)
        let s = golden.vector("inputs/s")
        #expect(
            abs(try uncertaintyLoss(losses, logVariances: s) - golden.number("outputs/total_loss")) < 1e-12)
        let gradient = try uncertaintyLossGradient(losses, logVariances: s)
        #expect(maxAbsDifference(gradient.logVariances, golden.vector("outputs/dL_ds")) < 1e-12)
        #expect(
            maxAbsDifference(gradient.losses, golden.vector("outputs/effective_weights_0.5*exp(-s_i)"))
                < 1e-12)
        // Shared and head gradients: Σᵢ ½e^{−sᵢ} ∇Lᵢ.
        let shared = try combine(Tensor(rows: tasks.map(\.sharedFlat)), weights: gradient.losses)
        #expect(maxAbsDifference(shared.scalars, golden.vector("outputs/dL_dshared_flat")) < 1e-12)
        let head1 = tasks[0].head.map { $0 * gradient.losses[0] }
        let head2 = tasks[1].head.map { $0 * gradient.losses[1] }
        #expect(maxAbsDifference(head1, golden.matrix("outputs/dL_dhead1/H").map { $0[0] }) < 1e-12)
        #expect(maxAbsDifference(head2, golden.matrix("outputs/dL_dhead2/H").map { $0[0] }) < 1e-12)
        #expect(abs(tasks[1].offset * gradient.losses[1] - golden.vector("outputs/dL_dhead2/c")[0]) < 1e-12)
    }

    @Test func uncertaintyOptimumIsTheLogOfEachLoss() throws {
        let golden = try goldenFile("mtl_uncertainty")
        let losses = [golden.number("outputs/L1"), golden.number("outputs/L2")]
        let optimum = golden.vector("outputs/optimal_s_for_these_losses_(s_i=log L_i)")
        let gradient = try uncertaintyLossGradient(losses, logVariances: optimum)
        #expect(gradient.logVariances.allSatisfy { abs($0) < 1e-15 })
        // Losses below 1 make the optimal total negative.
        #expect(try uncertaintyLoss(losses, logVariances: optimum) < 0)
    }

    @Test func gradNormUpdateMatchesGoldenIntermediates() throws {
        let golden = try goldenFile("mtl_gradnorm")
        let net = TwoTaskNetwork(golden: golden)
        let tasks = [net.gradients(task: 0), net.gradients(task: 1)]
        // ‖∂Lᵢ/∂Ws‖_F: the last shared layer's weight matrix, without the bias.
        let norms = tasks.map { t in t.ws.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let step = try gradNormUpdate(
            weights: golden.vector("inputs/w"), losses: tasks.map(\.loss),
            initialLosses: golden.vector("inputs/L0"), weightGradientNorms: norms,
            alpha: golden.number("inputs/alpha"), learningRate: golden.number("inputs/lr_w"))
        #expect(maxAbsDifference(tasks.map(\.loss), golden.vector("outputs/L_t")) < 1e-12)
        #expect(
            maxAbsDifference(step.unweightedGradientNorms, golden.vector("outputs/norm_dLi_dWs_unweighted"))
                < 1e-12)
        #expect(maxAbsDifference(step.gradientNorms, golden.vector("outputs/G")) < 1e-12)
        #expect(abs(step.meanGradientNorm - golden.number("outputs/Gbar")) < 1e-12)
        #expect(maxAbsDifference(step.lossRatios, golden.vector("outputs/Ltilde")) < 1e-12)
        #expect(maxAbsDifference(step.relativeInverseRates, golden.vector("outputs/r")) < 1e-12)
        #expect(maxAbsDifference(step.targets, golden.vector("outputs/target")) < 1e-12)
        #expect(abs(step.gradNormLoss - golden.number("outputs/L_grad")) < 1e-12)
        #expect(maxAbsDifference(step.weightGradient, golden.vector("outputs/dLgrad_dw")) < 1e-12)
        #expect(maxAbsDifference(step.weightsAfterStep, golden.vector("outputs/w_after_sgd_step")) < 1e-12)
        #expect(maxAbsDifference(step.weights, golden.vector("outputs/w_new_renormalised")) < 1e-12)
        // The network's own step uses ∇ Σᵢ wᵢLᵢ at the old weights.
        let w = golden.vector("inputs/w")
        #expect(
            abs(w[0] * tasks[0].loss + w[1] * tasks[1].loss - golden.number("outputs/weighted_loss_old_w"))
                < 1e-12)
        let shared = try combine(Tensor(rows: tasks.map(\.sharedFlat)), weights: w)
        #expect(
            maxAbsDifference(shared.scalars, golden.vector("outputs/grad_weighted_loss_shared_flat")) < 1e-12)
    }

    @Test func dwaStartsEqualThenFavoursTheSlowerTask() throws {
        #expect(try dwaWeights(history: [[1, 1]], taskCount: 2) == [1, 1])
        // Task 0 stalled (ratio 1), task 1 halved (ratio 0.5): task 0 gets more weight.
        let w = try dwaWeights(history: [[2, 4], [2, 2]], taskCount: 2, temperature: 2)
        let e0: Double = Foundation.exp(0.5)
        let e1: Double = Foundation.exp(0.25)
        let expected: [Double] = [2 * e0 / (e0 + e1), 2 * e1 / (e0 + e1)]
        #expect(maxAbsDifference(w, expected) < 1e-14)
        #expect(abs(w.reduce(0, +) - 2) < 1e-14)
    }

    @Test func randomLossWeightsArePositiveSumToOneAndAreSeeded() {
        var a = SeededGenerator(seed: 3)
        var b = SeededGenerator(seed: 3)
        let w = randomLossWeights(taskCount: 4, using: &a)
        #expect(w == randomLossWeights(taskCount: 4, using: &b))
        #expect(w.allSatisfy { $0 > 0 })
        #expect(abs(w.reduce(0, +) - 1) < 1e-15)
        #expect(w != randomLossWeights(taskCount: 4, using: &a))
    }

    @Test func mismatchedLengthsAreErrors() {
        #expect(throws: TensorError.self) { try uncertaintyLoss([1, 2], logVariances: [0]) }
        #expect(throws: TensorError.self) {
            try gradNormUpdate(
                weights: [1], losses: [1, 2], initialLosses: [1, 2], weightGradientNorms: [1, 1],
                learningRate: 0.1)
        }
    }
}
