import LabLang
import LabLibrary
import Testing

/// `fit` steps with NeuralNets' optimizers; these check its steps against the update
/// rules written out by hand, on a linear model y = w x + b with MSE, whose gradients
/// are closed-form: ∂L/∂w = (2/N) Σ rᵢ xᵢ, ∂L/∂b = (2/N) Σ rᵢ with rᵢ = w xᵢ + b − yᵢ.
@Suite struct FitTests {
    static let xs = [1.0, 2.0]
    static let ys = [3.0, 5.0]

    /// The loss and gradients (L, ∂L/∂w, ∂L/∂b) at (w, b).
    static func lossAndGradient(_ w: Double, _ b: Double) -> (Double, Double, Double) {
        let r = zip(xs, ys).map { w * $0 + b - $1 }
        let n = Double(xs.count)
        let loss = r.map { $0 * $0 }.reduce(0, +) / n
        return (loss, 2 * zip(r, xs).map { $0 * $1 }.reduce(0, +) / n, 2 * r.reduce(0, +) / n)
    }

    /// Runs `fit` from w = 0.5, b = 0 over the whole batch and returns (w, b, losses).
    static func fitted(_ optimizer: String, epochs: Int) -> (Double, Double, [Double]) {
        let lab = LabLibrary.makeInterpreter()
        let source = """
            m = mlp(list((W = reshape([0.5], 1, 1), b = [0])))
            r = fit(m, reshape([1, 2], 2, 1), [3, 5]; epochs = \(epochs), optimizer = \(optimizer))
            w = params(r.model)[1].W[1]; b = params(r.model)[1].b[1]
            """
        let result = lab.evaluate(source)
        #expect(result.succeeded, "\(result.diagnostics.map(\.message))")
        guard case let .number(w)? = lab.global("w"), case let .number(b)? = lab.global("b") else {
            Issue.record("w and b are not numbers")
            return (.nan, .nan, [])
        }
        var losses: [Double] = []
        for k in 1...epochs {
            let one = lab.evaluate("l = r.loss[\(k)]")
            guard one.succeeded, case let .number(l)? = lab.global("l") else {
                Issue.record("loss \(k) is not a number")
                return (w, b, losses)
            }
            losses.append(l)
        }
        return (w, b, losses)
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)
    }

    /// Three Adam steps (Kingma & Ba's Algorithm 1, bias-corrected, ε = 10⁻⁸) written
    /// out here, against fit with adam(0.1; β1 = 0.8, β2 = 0.9).
    @Test func adamStepsMatchTheAlgorithmByHand() {
        let (lr, b1, b2, eps) = (0.1, 0.8, 0.9, 1e-8)
        var (w, b) = (0.5, 0.0)
        var (mw, mb, vw, vb) = (0.0, 0.0, 0.0, 0.0)
        var losses: [Double] = []
        for t in 1...3 {
            let (loss, gw, gb) = Self.lossAndGradient(w, b)
            losses.append(loss)
            mw = b1 * mw + (1 - b1) * gw
            mb = b1 * mb + (1 - b1) * gb
            vw = b2 * vw + (1 - b2) * gw * gw
            vb = b2 * vb + (1 - b2) * gb * gb
            let c1 = 1 - Double.pow(b1, Double(t))
            let c2 = 1 - Double.pow(b2, Double(t))
            w -= lr * (mw / c1) / ((vw / c2).squareRoot() + eps)
            b -= lr * (mb / c1) / ((vb / c2).squareRoot() + eps)
        }
        let (w3, b3, got) = Self.fitted("adam(0.1; β1 = 0.8, β2 = 0.9)", epochs: 3)
        #expect(Self.close(w3, w), "w: fit \(w3), by hand \(w)")
        #expect(Self.close(b3, b), "b: fit \(b3), by hand \(b)")
        #expect(got.count == 3 && zip(got, losses).allSatisfy { Self.close($0, $1) }, "\(got) vs \(losses)")
        // Sanity of the oracle itself: at (0.5, 0) the residuals are −2.5, −4, so L = 11.125.
        #expect(losses[0] == 11.125)
    }

    /// Two plain gradient steps θ ← θ − η g, against fit with sgd(0.05).
    @Test func sgdStepsMatchTheRuleByHand() {
        var (w, b) = (0.5, 0.0)
        var losses: [Double] = []
        for _ in 1...2 {
            let (loss, gw, gb) = Self.lossAndGradient(w, b)
            losses.append(loss)
            w -= 0.05 * gw
            b -= 0.05 * gb
        }
        let (w2, b2, got) = Self.fitted("sgd(0.05)", epochs: 2)
        #expect(Self.close(w2, w), "w: fit \(w2), by hand \(w)")
        #expect(Self.close(b2, b), "b: fit \(b2), by hand \(b)")
        #expect(got.count == 2 && zip(got, losses).allSatisfy { Self.close($0, $1) }, "\(got) vs \(losses)")
    }
}
