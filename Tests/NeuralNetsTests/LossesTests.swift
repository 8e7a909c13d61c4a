import Autodiff
import NeuralNets
import Tensors
import TestSupport
import Testing

@Suite struct LossesTests {
    @Test func meanSquaredErrorIsTheMeanWithoutAHalf() throws {
        let p = Variable(Tensor(rows: [[1], [2], [4]]))
        let t = Variable(constant: Tensor(rows: [[0], [2], [1]]))
        let loss = try meanSquaredError(p, t)
        #expect(loss.scalar == 10.0 / 3)
        #expect(try gradientTensors(of: loss, wrt: [p])[0] == Tensor(rows: [[2.0 / 3], [0], [2]]))
    }

    @Test func meanSquaredErrorRefusesShapesThatWouldBroadcast() {
        #expect(throws: TensorError.shapeMismatch(operation: "mean squared error", lhs: [3, 1], rhs: [3])) {
            _ = try meanSquaredError(Variable(Tensor.zeros([3, 1])), Variable(Tensor.zeros([3])))
        }
    }

    @Test func crossEntropyFromLogitsIsStableAndHasGradientSoftmaxMinusOneHot() throws {
        let logits = Variable(Tensor(rows: [[1000, 0, -1000], [0.5, 1.5, -0.5]]))
        let labels = [0, 2]
        let loss = try crossEntropy(logits: logits, labels: labels)
        let row1 = [0.5, 1.5, -0.5]
        let lse1 = Double.log(row1.map { Double.exp($0) }.reduce(0, +))
        let expected = (0 + (lse1 - -0.5)) / 2
        #expect(abs(loss.scalar! - expected) < 1e-14)
        let g = try gradientTensors(of: loss, wrt: [logits])[0]
        let softmax = try logits.value.softmax(axis: 1)
        let oneHot = Tensor(rows: [[1, 0, 0], [0, 0, 1]])
        #expect(relativeError(g, try (softmax - oneHot) / 2) < 1e-15)
        #expect(g.scalars.allSatisfy { $0.isFinite })
    }

    @Test func negativeLogLikelihoodPicksTheLabelledLogProbability() throws {
        let logp = Variable(constant: Tensor(rows: [[-0.1, -2.3], [-1.2, -0.4]]))
        #expect(
            abs(try negativeLogLikelihood(logProbabilities: logp, labels: [0, 1]).scalar! - 0.25) < 1e-15)
        #expect(throws: TensorError.indexOutOfRange(index: 2, dimension: 1, size: 2)) {
            _ = try negativeLogLikelihood(logProbabilities: logp, labels: [0, 2])
        }
    }

    @Test func accuracyCountsRowsWhoseMaximumIsTheLabel() throws {
        let logits = Tensor(rows: [[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
        #expect(try accuracy(logits: logits, labels: [1, 0, 0]) == 2.0 / 3)
    }
}
