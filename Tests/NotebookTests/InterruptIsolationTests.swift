import Foundation
import Terminal
import TestSupport
import Testing

@testable import Notebook

/// Stop requests belong to one evaluator: another one clearing its own (as every cell
/// run does) must not swallow them. With a process-wide flag, a timed-out cell in one
/// test could run forever while a parallel test cleared the flag.
@Suite(.timeLimit(.minutes(3))) struct InterruptIsolationTests {
    @Test func aTimeoutStopsItsCellWhileAnotherEvaluatorKeepsClearing() {
        // Each evaluator is used from one thread only (its own), as the contract asks.
        nonisolated(unsafe) let looping = LabCellEvaluator(context: .plain)
        nonisolated(unsafe) let other = LabCellEvaluator(context: .plain)
        let stop = looping.interrupter
        let finished = Event(), stopClearing = Event()
        let clearer = Thread {
            while !stopClearing.isSet { other.clearInterrupt() }
        }
        clearer.start()
        let runner = Thread {
            _ = withDeadline(seconds: 0.2, interrupt: stop) {
                looping.run("n = 0\nwhile true\nn = n + 1\nend", name: "<test>", firstLine: 1)
            }
            finished.set()
        }
        runner.start()
        let stopped = finished.wait(seconds: 10)
        stopClearing.set()
        #expect(stopped, "the timeout's stop request was lost")
        if !finished.isSet { stop() }  // do not leave a loop running in the test process
    }
}
