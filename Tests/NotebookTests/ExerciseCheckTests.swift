import Testing

@testable import Notebook

@Suite struct ExerciseCheckTests {
    let checker = ExerciseChecker(tolerance: Tolerance(rtol: 1e-6, atol: 1e-9))

    @Test func aRowOrAColumnAnswersAVector() {
        let want = CheckValue.tensor(shape: [3], values: [1, 2, 3])
        #expect(checker.compare(got: .tensor(shape: [1, 3], values: [1, 2, 3]), want: want, tolerance: checker.tolerance).0)
        #expect(checker.compare(got: .tensor(shape: [3, 1], values: [1, 2, 3]), want: want, tolerance: checker.tolerance).0)
        let (ok, report) = checker.compare(got: .tensor(shape: [1, 3], values: [1, 2, 4]), want: want, tolerance: checker.tolerance)
        #expect(!ok)
        #expect(report.contains("got 4, expected 3"))
    }

    @Test func otherShapesMustMatch() {
        let want = CheckValue.tensor(shape: [2, 2], values: [1, 2, 3, 4])
        let (ok, report) = checker.compare(got: .tensor(shape: [4], values: [1, 2, 3, 4]), want: want, tolerance: checker.tolerance)
        #expect(!ok)
        #expect(report == "expected 2×2 tensor, got a 4-element Vector")
        #expect(!checker.compare(got: .tensor(shape: [2], values: [1, 2]), want: .tensor(shape: [3], values: [1, 2, 3]), tolerance: checker.tolerance).0)
    }
}
