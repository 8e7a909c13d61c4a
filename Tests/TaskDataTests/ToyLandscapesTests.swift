import Foundation
import TaskData
import Tensors
import Testing

@Suite struct ToyLandscapesTests {
    static let points: [(Double, Double)] = [
        (0.5, -3), (-8.5, 7.5), (-8.5, -5), (9, 9), (1.3, 0.7), (-2.2, -0.4),
    ]

    /// The hand-derived gradients agree with central differences (h = 1e-6).
    @Test(arguments: ToyLandscape.allCases)
    func gradientsMatchCentralDifferences(landscape: ToyLandscape) {
        let h = 1e-6
        for p in Self.points {
            let g = landscape.evaluate(p).gradients
            for task in 0..<2 {
                let d1 =
                    (landscape.losses(at: (p.0 + h, p.1))[task] - landscape.losses(at: (p.0 - h, p.1))[task])
                    / (2 * h)
                let d2 =
                    (landscape.losses(at: (p.0, p.1 + h))[task] - landscape.losses(at: (p.0, p.1 - h))[task])
                    / (2 * h)
                #expect(abs(d1 - g[task][0]) < 1e-6 * max(1, abs(d1)), "\(landscape) task \(task) at \(p)")
                #expect(abs(d2 - g[task][1]) < 1e-6 * max(1, abs(d2)), "\(landscape) task \(task) at \(p)")
            }
        }
    }

    @Test func pcgradLandscapeValuesFromTheFormula() {
        let l = ToyLandscape.pcgrad.losses(at: (0.5, -3))
        #expect(abs(l[0] - 20 * Foundation.log(Swift.abs(0.25 + Foundation.tanh(-3.0)))) < 1e-12)
        #expect(abs(l[1] - 25 * Foundation.log(Swift.abs(0.25 - Foundation.tanh(-3.0) + 2))) < 1e-12)
        // On the floor: both losses bottom out at 20·log ε and 25·log ε.
        let floor = ToyLandscape.pcgrad.losses(at: (-2, 30))
        #expect(
            abs(floor[0] - 20 * Foundation.log(0.000005)) < 1e-9
                && abs(floor[1] - 25 * Foundation.log(0.000005)) < 1e-9)
    }

    @Test func cagradLandscapeSwitchesBetweenItsTwoHalves() {
        // θ₂ < 0: only the quadratic bowls are active (c₁ = 0).
        let below = ToyLandscape.cagrad.losses(at: (1, -40))
        #expect(
            abs(below[0] - (((-1.0 + 7) * (-1 + 7) + 0.1 * 32 * 32) / 10 - 20) * Foundation.tanh(20.0)) < 1e-9
        )
        #expect(ToyLandscape.cagrad.startingPoints.count == 3)
    }
}
