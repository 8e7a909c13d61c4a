import Testing

@testable import Notebook

/// Issue 16, exercise shape feedback, seen in the course's own exercises.
@Suite(.timeLimit(.minutes(3))) struct ExerciseShapeTests {
    func answer(_ line: String, at exercise: String, in lesson: String) throws -> (said: String, done: Bool) {
        let h = try SessionHarness(path: SessionHarness.lessons + "/" + lesson)
        h.session.start()
        h.session.goto(exercise)
        let mark = h.mark
        h.session.enter(line)
        return (h.flat(since: mark), h.session.progress.isDone(exercise))
    }

    // `d_pc = [a b]` (2×2) was reported as "got a 4-element Vector".
    @Test func aMatrixAnswerIsReportedWithItsShape() throws {
        let (said, done) = try answer("d_pc = [g1 g2]", at: "ex-project", in: "07-pcgrad.md")
        #expect(said.contains("expected a 2-element Vector, got 2×2 tensor"), "\(said)")
        #expect(!done)
    }

    // `reshape(v - alpha*Hv, 5, 5)` was accepted where a vector is expected.
    @Test func aReshapedVectorIsNotAccepted() throws {
        let (said, done) = try answer("g_hvp = reshape(g1, 5, 5)", at: "ex-hvp", in: "13-maml.md")
        #expect(!done, "\(said)")
        #expect(said.contains("got 5×5 tensor"), "\(said)")
    }

    // A row or a column still answers a vector, as the checker promises.
    @Test func aColumnStillAnswersAVector() throws {
        let (said, done) = try answer("g_hvp = reshape(g1, 25, 1)", at: "ex-hvp", in: "13-maml.md")
        #expect(done, "\(said)")
    }
}
