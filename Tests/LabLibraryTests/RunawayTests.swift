import Diagnostics
import Foundation
import LabLang
import LabLibrary
import Testing

/// Issue 18: runaway programs end in a located `limit` error, never a crash.
@Suite(.timeLimit(.minutes(1))) struct RunawayValueTests {
    func evaluate(_ source: String) -> Evaluation {
        LabLibrary.makeInterpreter().evaluate(source)
    }

    // Item 5: `v=list(); for i in 1:200000 v=list(v) end` then `v = 1` crashed (deep recursive release).
    @Test func deeplyNestedListsStopAtTheLimit() {
        let lab = LabLibrary.makeInterpreter()
        let r = lab.evaluate("v=list(); for i in 1:200000 v=list(v) end")
        #expect(r.diagnostics.first?.kind == "limit")
        #expect(r.diagnostics.first?.message.contains("\(Value.maximumNesting) levels") == true)
        #expect(lab.evaluate("v = 1").succeeded, "releasing the deepest allowed value does not crash")
    }

    @Test(arguments: [
        "r = (a = 1); for i in 1:5000 r = (a = r) end",
        "r = (a = 1); for i in 1:5000 r.a = r end",
        "t = (1, 2); for i in 1:5000 t = (t, 1) end",
        "v = list(); for i in 1:5000 v = map(x -> v, 1:1) end",
    ])
    func everyWayOfNestingIsLimited(_ source: String) {
        #expect(evaluate(source).diagnostics.first?.kind == "limit")
    }

    @Test func sharedHalvesAreMeasuredOnce() {
        // list(v, v) doubles the paths each time: a naive walk would take 2^1000 steps.
        let r = evaluate("v = list(); for i in 1:999 v = list(v, v) end; length(v)")
        #expect(r.succeeded, "\(r.diagnostics.map(\.message))")
        #expect(evaluate("v = list(); for i in 1:1001 v = list(v, v) end").diagnostics.first?.kind == "limit")
    }

    @Test func nestingDepthCountsLevels() {
        #expect(Value.number(1).nestingDepth() == 0)
        #expect(Value.list([]).nestingDepth() == 1)
        #expect(Value.list([.list([.number(1)]), .number(2)]).nestingDepth() == 2)
        #expect(Value.list([.number(2), .record(Record([("a", .list([.list([])]))]))]).nestingDepth() == 4)
    }
}
