import Plotting
import Testing

@Suite struct PlotTests {
    /// Plots.jl's `levels = n`: n levels at zmin + k(zmax − zmin)/(n + 1), k = 1…n,
    /// so none sits on the extremes (where the contour would be a point).
    @Test func aCountOfLevelsIsEvenlySpacedInsideTheRange() {
        #expect(ContourLevels.count(4).resolved(lo: 0, hi: 10) == [2, 4, 6, 8])
        #expect(ContourLevels.count(1).resolved(lo: -3, hi: 5) == [1])
        let twelve = ContourLevels.count(12).resolved(lo: -182, hi: 100)
        #expect(twelve.count == 12)
        #expect(twelve.allSatisfy { $0 > -182 && $0 < 100 })
        #expect(zip(twelve, twelve.dropFirst()).allSatisfy { abs(($1 - $0) - 282.0 / 13) < 1e-12 })
    }

    @Test func givenLevelsAreKeptAndTheDefaultIsRound() {
        #expect(ContourLevels.values([10]).resolved(lo: 0, hi: 7) == [10])
        #expect(ContourLevels.automatic.resolved(lo: 0, hi: 10) == [2, 4, 6, 8])
    }
}
