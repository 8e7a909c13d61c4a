import Foundation
import LabLang
import LabLibrary
import Testing

/// `push!(xs, i)` in a loop copied the List each time: 10^4 pushes took seconds, 10^5
/// minutes (O(n²)). Appends now happen in place when nothing else holds the List. The test
/// counts the buffers the appends made (a debug counter, never wall time): a copy per
/// push makes n, in-place growth O(log n).
@Suite struct PushGrowthTests {
    static func buffersMade(_ source: String) throws -> (Interpreter, Int) {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate(source)
        #expect(r.succeeded, "\(r.diagnostics.map(\.message))")
        let host = try #require(lab.host as? LabHost)
        return (lab, host.listBuffersMade)
    }

    @Test func pushInALoopGrowsTheListInPlace() throws {
        let n = 10_000
        let (lab, made) = try Self.buffersMade("xs = list(); for i in 1:\(n) push!(xs, i); end")
        #expect(made <= Int(2 * log2(Double(n))), "\(made) buffers, not one per push")
        guard case let .list(items)? = lab.global("xs") else {
            Issue.record("xs is not a List")
            return
        }
        #expect(items.count == n)
        if case let .number(last)? = items.last { #expect(last == Double(n)) } else { Issue.record("last") }
    }

    @Test func appendAndPushInsideAFunctionToo() throws {
        let source = """
            function collect_squares(n)
              out = list()
              for i in 1:n
                append!(out, list(i^2))
              end
              out
            end
            ys = collect_squares(2000)
            """
        let (lab, made) = try Self.buffersMade(source)
        #expect(made < 40, "\(made) buffers for 2000 appends")
        guard case let .list(items)? = lab.global("ys") else {
            Issue.record("ys is not a List")
            return
        }
        #expect(items.count == 2000)
    }

    /// Immutability: another name holding the List sees it unchanged, so that push copies.
    @Test func aListHeldElsewhereIsCopiedNotChanged() throws {
        let (lab, _) = try Self.buffersMade(
            "xs = list(1, 2); ys = xs; push!(xs, 3); zs = list(0); function f(v)\n push!(v, 9)\n v\nend; "
                + "w = f(zs); rs = list(); for i in 1:3 push!(rs, i); snap = rs; end")
        #expect(lab.global("ys").map(lab.inline) == "(1, 2)")
        #expect(lab.global("xs").map(lab.inline) == "(1, 2, 3)")
        #expect(lab.global("zs").map(lab.inline) == "(0,)", "the caller's List is unchanged")
        #expect(lab.global("w").map(lab.inline) == "(0, 9)")
        #expect(lab.global("snap").map(lab.inline) == "(1, 2, 3)")
        let (later, _) = try Self.buffersMade(
            "rs = list(); snaps = list(); for i in 1:3 push!(rs, i); push!(snaps, rs); end")
        #expect(later.global("snaps").map(later.inline) == "list((1,), (1, 2), (1, 2, 3))")
    }
}
