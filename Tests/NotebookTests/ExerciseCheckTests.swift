import LabLibrary
import Testing

@testable import Notebook

@Suite struct ExerciseCheckTests {
    let checker = ExerciseChecker(tolerance: Tolerance(rtol: 1e-6, atol: 1e-9))

    @Test func aRowOrAColumnAnswersAVector() {
        let want = CheckValue.tensor(shape: [3], values: [1, 2, 3])
        #expect(
            checker.compare(
                got: .tensor(shape: [1, 3], values: [1, 2, 3]), want: want, tolerance: checker.tolerance
            ).0)
        #expect(
            checker.compare(
                got: .tensor(shape: [3, 1], values: [1, 2, 3]), want: want, tolerance: checker.tolerance
            ).0)
        let (ok, report) = checker.compare(
            got: .tensor(shape: [1, 3], values: [1, 2, 4]), want: want, tolerance: checker.tolerance)
        #expect(!ok)
        #expect(report.contains("got 4, expected 3"))
    }

    @Test func otherShapesMustMatch() {
        let want = CheckValue.tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let (ok, report) = checker.compare(
            got: .tensor(shape: [4], values: [1, 2, 3, 4]), want: want, tolerance: checker.tolerance)
        #expect(!ok)
        #expect(report == "expected 2×2 tensor, got a 4-element Vector")
        #expect(
            !checker.compare(
                got: .tensor(shape: [2], values: [1, 2]), want: .tensor(shape: [3], values: [1, 2, 3]),
                tolerance: checker.tolerance
            ).0)
    }

    @Test func feedbackSaysWhatIsWrongWithoutGivingTheAnswer() {
        func said(_ got: Double, _ want: Double) -> String {
            checker.feedback(got: .number(got), want: .number(want))
        }
        #expect(said(7, 6) == "got 7, about 17% too large")
        #expect(said(12, 6) == "got 12, about 2 times too large")
        #expect(said(3, 6) == "got 3, about 2 times too small")
        // The wrong sign: only that, neither the value typed nor how far off it is, since
        // "got -6, with the wrong sign" says the answer is 6.
        #expect(said(-6, 6) == "the sign is wrong")
        #expect(said(-3, 6) == "the sign is wrong")
        #expect(said(2, -0.5) == "the sign is wrong")
        let flipped = checker.feedback(
            got: .tensor(shape: [2], values: [1, -4]), want: .tensor(shape: [2], values: [1, 4]))
        #expect(flipped == "the sign is wrong at index [2]")
        #expect(said(1, 0) == "got 1, too large")
        #expect(said(0.3333, 1.0 / 3).hasPrefix("got 0.3333, close, but outside the tolerance"))
        let row = checker.feedback(
            got: .tensor(shape: [2], values: [1, 5]), want: .tensor(shape: [2], values: [1, 4]))
        #expect(row == "got 5 at index [2], about 25% too large")
        #expect(!row.contains("4"))
    }

    /// One number formatter (LabLang's `formatNumber`) for the Lab display and the checker's
    /// messages: NaN, ±∞, −0 and a tiny number read the same in both. Expected strings are
    /// Julia's spelling (`repr(NaN)`, `repr(-Inf)`, `repr(1e-300)` print NaN, -Inf, 1.0e-300).
    @Test(arguments: [
        (Double.nan, "NaN", "NaN"), (.infinity, "Inf", "Inf"), (-.infinity, "-Inf", "-Inf"),
        (-0.0, "-0.0", "0"),
        (1e-300, "1e-300", "1.0e-300"),
    ])
    func numbersReadTheSameInTheCheckerAndInLab(_ x: Double, _ typed: String, _ written: String) {
        #expect(checker.describe(.number(x)) == written)
        #expect(checker.describe(.tensor(shape: [2], values: [x, 1])) == "[\(written), 1]")
        let (_, report) = checker.compare(got: .number(x), want: .number(2), tolerance: checker.tolerance)
        #expect(report.hasPrefix("largest error: got \(written), expected 2 "), "\(report)")
        #expect(LabLibrary.makeInterpreter().evaluate(typed).output == written + "\n")
    }
}
