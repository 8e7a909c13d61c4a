import Tensors
import TestSupport
import Testing

/// The golden files' two-task hard-sharing network with hand-derived gradients:
/// Z = tanh(X Ws + bs), ŷᵢ = Z Hᵢ + cᵢ, Lᵢ = meanₙ (ŷᵢ − yᵢ)².
///
/// Backward pass for task i: e = 2(ŷᵢ − yᵢ)/N; ∂Lᵢ/∂Hᵢ = Zᵀe, ∂Lᵢ/∂cᵢ = Σe;
/// ∂Lᵢ/∂Z = e Hᵢᵀ; A = ∂Lᵢ/∂Z ⊙ (1 − Z²); ∂Lᵢ/∂Ws = XᵀA, ∂Lᵢ/∂bs = column sums of A.
struct TwoTaskNetwork {
    var x: [[Double]]
    var y: [[Double]]  // y[task][n]
    var ws: [[Double]]
    var bs: [Double]
    var heads: [[Double]]  // H_i as a vector
    var offsets: [Double]  // c_i

    struct TaskGradients {
        var loss: Double
        var ws: [[Double]]
        var bs: [Double]
        var head: [Double]
        var offset: Double
        var z: [[Double]]
        /// Ws row-major then bs: the golden shared flatten order.
        var sharedFlat: [Double] { ws.flatMap { $0 } + bs }
    }

    init(golden g: GoldenJSON) {
        x = g.matrix("inputs/X")
        y = [g.matrix("inputs/y1").map { $0[0] }, g.matrix("inputs/y2").map { $0[0] }]
        ws = g.matrix("inputs/shared/Ws")
        bs = g.vector("inputs/shared/bs")
        heads = [g.matrix("inputs/head1/H").map { $0[0] }, g.matrix("inputs/head2/H").map { $0[0] }]
        offsets = [g.vector("inputs/head1/c")[0], g.vector("inputs/head2/c")[0]]
    }

    var representation: [[Double]] {
        x.map { row in
            (0..<bs.count).map { j in
                var a = bs[j]
                for k in 0..<row.count { a += row[k] * ws[k][j] }
                return Double.tanh(a)
            }
        }
    }

    func gradients(task i: Int) -> TaskGradients {
        let z = representation
        let n = Double(x.count)
        let hidden = bs.count
        let predictions = z.map { row in zip(row, heads[i]).reduce(offsets[i]) { $0 + $1.0 * $1.1 } }
        let residuals = zip(predictions, y[i]).map { $0 - $1 }
        let loss = residuals.reduce(0) { $0 + $1 * $1 } / n
        let e = residuals.map { 2 * $0 / n }
        var head = [Double](repeating: 0, count: hidden)
        var gz = [[Double]](repeating: [Double](repeating: 0, count: hidden), count: z.count)
        var gws = [[Double]](repeating: [Double](repeating: 0, count: hidden), count: x[0].count)
        var gbs = [Double](repeating: 0, count: hidden)
        for r in 0..<z.count {
            for j in 0..<hidden {
                head[j] += z[r][j] * e[r]
                let dz: Double = e[r] * heads[i][j]
                gz[r][j] = dz
                let da: Double = dz * (1 - z[r][j] * z[r][j])
                gbs[j] += da
                for k in 0..<x[0].count { gws[k][j] += x[r][k] * da }
            }
        }
        return TaskGradients(loss: loss, ws: gws, bs: gbs, head: head, offset: e.reduce(0, +), z: gz)
    }
}
