import Testing

@testable import Notebook

@Suite struct OutputMatcherTests {
    let standard = OutputCheckOptions()

    @Test func numbersMatchToTheDigitsTheyShow() {
        #expect(OutputMatcher.compare(expected: ["3.14"], got: "3.14159", options: standard) == .match)
        #expect(!OutputMatcher.compare(expected: ["3.14"], got: "3.15", options: standard).isMatch)
        #expect(OutputMatcher.compare(expected: ["1.5e-3"], got: "0.00152", options: standard) == .match)
        #expect(
            !OutputMatcher.compare(expected: ["42"], got: "42.4", options: standard).isMatch,
            "a whole number means an exact value")
        #expect(
            OutputMatcher.compare(expected: ["42"], got: "42.00000001", options: standard) == .match,
            "within the lesson rtol")
    }

    @Test func explicitToleranceReplacesTheDigitsRule() {
        let tight = OutputCheckOptions(explicitTolerance: Tolerance(rtol: 0, atol: 1e-6))
        #expect(!OutputMatcher.compare(expected: ["3.14"], got: "3.14159", options: tight).isMatch)
        let loose = OutputCheckOptions(explicitTolerance: Tolerance(rtol: 0.1, atol: 0))
        #expect(OutputMatcher.compare(expected: ["100"], got: "109", options: loose) == .match)
    }

    @Test func alignmentSpacesDoNotCountButWordsDo() {
        let expected = ["2×2 Matrix", " 1.0  -2.5", " 3.0   4.0"]
        #expect(
            OutputMatcher.compare(
                expected: expected, got: "2×2 Matrix\n 1.0 -2.5\n 3.0  4.0\n", options: standard) == .match)
        #expect(
            !OutputMatcher.compare(
                expected: expected, got: "2×3 Matrix\n 1.0 -2.5\n 3.0  4.0", options: standard
            ).isMatch)
        #expect(!OutputMatcher.compare(expected: ["θ₁ = 1"], got: "θ₂ = 1", options: standard).isMatch)
    }

    @Test func aFailureNamesTheLargestErrorAndWhere() {
        let result = OutputMatcher.compare(
            expected: ["1.0 2.0", "3.0 4.0"], got: "1.0 2.0\n3.0 4.9", options: standard)
        guard case .mismatch(let why) = result else { Issue.record("matched"); return }
        #expect(why.contains("line 2, number 2: expected 4.0, got 4.9"), "\(why)")
    }

    @Test func ellipsisElidesAnyRun() {
        #expect(
            OutputMatcher.compare(
                expected: ["loss 0.5", "...", "done"], got: "loss 0.5\nstep 1\nstep 2\ndone",
                options: standard) == .match)
        #expect(
            OutputMatcher.compare(expected: ["x = ... end"], got: "x = 1 2 3 end", options: standard)
                == .match)
        #expect(
            !OutputMatcher.compare(
                expected: ["loss 0.5", "...", "done"], got: "loss 0.5\nstep 1", options: standard
            ).isMatch)
        let text = OutputCheckOptions(mode: .text)
        #expect(
            OutputMatcher.compare(
                expected: ["error: ... not defined"], got: "error: `x` is not defined", options: text)
                == .match)
    }

    @Test func modes() {
        #expect(
            OutputMatcher.compare(
                expected: ["anything"], got: "else", options: OutputCheckOptions(mode: .off)) == .match)
        let text = OutputCheckOptions(mode: .text)
        #expect(!OutputMatcher.compare(expected: ["3.14"], got: "3.14159", options: text).isMatch)
        #expect(OutputMatcher.compare(expected: ["a  b  "], got: "a  b", options: text) == .match)
        let vary = OutputCheckOptions(mayVary: true)
        #expect(OutputMatcher.compare(expected: ["time: 1.2 s"], got: "time: 0.8 s", options: vary) == .match)
        #expect(!OutputMatcher.compare(expected: ["time: 1.2 s"], got: "took 0.8 s", options: vary).isMatch)
    }

    @Test func specialValues() {
        #expect(
            OutputMatcher.compare(expected: ["[NaN, Inf, -Inf]"], got: "[NaN, Inf, -Inf]", options: standard)
                == .match)
        #expect(!OutputMatcher.compare(expected: ["NaN"], got: "0", options: standard).isMatch)
        #expect(OutputMatcher.compare(expected: ["-0.0"], got: "0.0", options: standard) == .match)
    }

    @Test func cellAttributesBecomeOptions() throws {
        let lesson = try LessonParser.parse(contentsOf: fixture("every-kind.md"))
        let cell = try #require(lesson.cell(id: "first"))
        let options = OutputCheckOptions(cell: cell, lesson: lesson.meta.tolerance)
        #expect(options.explicitTolerance == Tolerance(rtol: 1e-3, atol: 0))
        #expect(
            OutputCheckOptions(cell: try #require(lesson.cell(id: "pic")), lesson: .standard).mode == .off)
    }
}
