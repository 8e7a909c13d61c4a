import Tensors

/// Closed forms of meta-learning for linear-Gaussian tasks: the Gaussian-prior
/// MAP of the Bayesian lesson, meta ridge regression, and the optimal inner
/// step size of one-step MAML on 1-D linear tasks.
public enum ClosedForms {
    /// Ridge regression pulled towards `prior` (D×out) instead of 0:
    ///
    ///     w = (XᵀX + λ I)⁻¹ (Xᵀ y + λ μ)
    ///
    /// X is N×D, y N×out. λ = 0 is least squares (X must then have full column rank).
    public static func ridge(_ x: Tensor, _ y: Tensor, prior: Tensor? = nil, lambda: Double)
        throws(MetaLearningError) -> Tensor
    {
        guard x.rank == 2, y.rank == 2, x.shape[0] == y.shape[0] else {
            throw .taskShapeMismatch(
                task: 0, part: "X and y", expected: [x.shape.first ?? 0, y.shape.last ?? 1], actual: y.shape)
        }
        guard lambda.isFinite, lambda >= 0 else {
            throw .invalidHyperparameter(name: "lambda", value: lambda, requirement: "finite and ≥ 0")
        }
        let d = x.shape[1]
        let mu = prior ?? Tensor.zeros([d, y.shape[1]])
        guard mu.shape == [d, y.shape[1]] else {
            throw .taskShapeMismatch(task: 0, part: "prior", expected: [d, y.shape[1]], actual: mu.shape)
        }
        do {
            var a = try matmul(transposed: x, x)
            for i in 0..<d { a.scalars[i * d + i] += lambda }
            return try solve(a, try matmul(transposed: x, y) + mu * lambda)
        } catch {
            throw .invalidHyperparameter(
                name: "lambda", value: lambda, requirement: "large enough that XᵀX + λI is invertible")
        }
    }

    /// The MAP (= posterior mean) of w for y = X w + ε, ε ~ 𝒩(0, σ² I), under
    /// the prior w ~ 𝒩(μ, τ² I): ridge towards μ with λ = σ²/τ².
    public static func gaussianPriorMAP(
        _ x: Tensor, _ y: Tensor, priorMean: Tensor, priorVariance: Double, noiseVariance: Double
    ) throws(MetaLearningError) -> Tensor {
        guard priorVariance > 0, noiseVariance >= 0 else {
            throw .invalidHyperparameter(
                name: "priorVariance", value: priorVariance, requirement: "τ² > 0 and σ² ≥ 0")
        }
        return try ridge(x, y, prior: priorMean, lambda: noiseVariance / priorVariance)
    }

    /// Closed-form meta ridge regression: the prior mean μ that minimises the
    /// total query error after ridge adaptation on each task's support set.
    /// Each task's adapted weights are affine in μ,
    ///
    ///     w_t(μ) = A_t⁻¹ X_tᵀ y_t + λ A_t⁻¹ μ,   A_t = X_tᵀ X_t + λ I,
    ///
    /// so Σ_t ‖Y_t^q − X_t^q w_t(μ)‖² is a least-squares problem in μ, solved
    /// exactly (normal equations). Tasks are (support X, y, query X, y).
    public static func metaRidgePrior(tasks: [RegressionTask], lambda: Double) throws(MetaLearningError)
        -> Tensor
    {
        guard let first = tasks.first else { throw .emptyTaskBatch }
        guard lambda > 0, lambda.isFinite else {
            throw .invalidHyperparameter(
                name: "lambda", value: lambda, requirement: "positive (with λ = 0 the prior has no effect)")
        }
        let d = first.supportInputs.shape[1], out = first.supportTargets.shape[1]
        var normal = Tensor.zeros([d, d]), right = Tensor.zeros([d, out])
        do {
            for (t, task) in tasks.enumerated() {
                guard task.supportInputs.shape[1] == d, task.queryInputs.shape.last == d,
                    task.supportTargets.shape[1] == out,
                    task.queryTargets.shape.last == out
                else {
                    throw MetaLearningError.taskShapeMismatch(
                        task: t, part: "inputs", expected: [d, out], actual: task.supportInputs.shape)
                }
                var a = try matmul(transposed: task.supportInputs, task.supportInputs)
                for i in 0..<d { a.scalars[i * d + i] += lambda }
                let base = try solve(a, try matmul(transposed: task.supportInputs, task.supportTargets))
                var identity = Tensor.zeros([d, d])
                for i in 0..<d { identity.scalars[i * d + i] = lambda }
                let m = try matmul(task.queryInputs, try solve(a, identity))  // Q×D
                let r = try task.queryTargets - matmul(task.queryInputs, base)  // Q×out
                normal = try normal + matmul(transposed: m, m)
                right = try right + matmul(transposed: m, r)
            }
            return try solve(normal, right)
        } catch let error as MetaLearningError {
            throw error
        } catch {
            throw .invalidHyperparameter(
                name: "tasks", value: Double(tasks.count), requirement: "enough query points to fix μ")
        }
    }

    /// The optimal one-step MAML inner step size for tasks y = a x + ε with
    /// a ~ 𝒩(μ, v), x ~ 𝒩(0, 1), ε ~ 𝒩(0, σ²), K support shots, starting at θ = μ,
    /// for the loss ½·mean squared error (half the step for MSE without ½):
    ///
    ///     α* = 1 / (1 + 2/K + σ²/(K v))
    public static func linearMAMLOptimalStepSize(shots: Int, taskVariance v: Double, noiseVariance s2: Double)
        -> Double
    {
        1 / (1 + 2 / Double(shots) + s2 / (Double(shots) * v))
    }

    /// One meta-gradient of one-step MAML on scalar linear tasks with loss
    /// ½·mean squared error: the inner step θ′ = θ − α (θ Ŝ − ĉ), Ŝ = mean x²,
    /// ĉ = mean x y over the support set; the query loss ½ mean (θ′x − y)².
    /// Returns the mean query loss and its exact gradient in (θ, α) over the tasks.
    public static func linearMAMLGradient(
        theta: Double, alpha: Double, tasks: [(support: [(Double, Double)], query: [(Double, Double)])]
    ) -> (loss: Double, dTheta: Double, dAlpha: Double) {
        var loss = 0.0, dTheta = 0.0, dAlpha = 0.0
        for task in tasks {
            let k = Double(task.support.count), q = Double(task.query.count)
            let s = task.support.reduce(0) { $0 + $1.0 * $1.0 } / k
            let c = task.support.reduce(0) { $0 + $1.0 * $1.1 } / k
            let g = theta * s - c
            let adapted = theta - alpha * g
            let sq = task.query.reduce(0) { $0 + $1.0 * $1.0 } / q
            let cq = task.query.reduce(0) { $0 + $1.0 * $1.1 } / q
            loss += task.query.reduce(0) { $0 + 0.5 * (adapted * $1.0 - $1.1) * (adapted * $1.0 - $1.1) } / q
            let r = adapted * sq - cq  // dL_q/dθ′
            dTheta += r * (1 - alpha * s)
            dAlpha += r * -g
        }
        let n = Double(tasks.count)
        return (loss / n, dTheta / n, dAlpha / n)
    }
}
