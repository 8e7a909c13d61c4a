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

    /// Two lesson sessions run at once; Ctrl-C in one stops only its command.
    @Test func ctrlCInOneSessionLeavesTheOthersLoopToFinish() throws {
        let looping = try SessionHarness(path: SessionHarness.fixtures + "/every-kind.md")
        let counting = try SessionHarness(path: SessionHarness.fixtures + "/every-kind.md")
        let loopEnded = Event(), countEnded = Event()
        Thread {
            looping.session.enter("n = 0; while true; n = n + 1; end")
            loopEnded.set()
        }.start()
        // 3,000,000 additions: about a second in a debug build, longer on a loaded machine.
        Thread {
            counting.session.enter("s = 0; for i in 1:3000000 s = s + i end")
            countEnded.set()
        }.start()
        looping.pressCtrlC(after: 0.3)
        #expect(loopEnded.wait(seconds: 30), "Ctrl-C stopped the first session's loop")
        #expect(!countEnded.isSet, "the second session's count was still running")
        #expect(countEnded.wait(seconds: 120), "the second session's count ran to its end")
        #expect(looping.text.contains("interrupted"), "\(looping.text)")
        // Σ i for i = 1…3e6 is 3e6 · (3e6 + 1) / 2 = 4500001500000 (exact in a Double).
        #expect(counting.value("s") == .number(4_500_001_500_000), "\(counting.text)")
        looping.release()
    }
}
