import Foundation
import Testing

@testable import LabLang

/// Issue 17: a stop belongs to one interpreter. Two interpreters in one process (this test
/// process) run at once; stopping or clearing one never reaches the other.
@Suite(.timeLimit(.minutes(3))) struct InterruptTests {
    final class Done: @unchecked Sendable {
        private let lock = NSLock()
        private var ended = false
        var isSet: Bool { lock.withLock { ended } }
        func set() { lock.withLock { ended = true } }
        /// Waits until set (at most `seconds`); whether it was.
        func wait(_ seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return isSet
        }
    }

    @Test func stoppingOneInterpreterLeavesTheOthersLoopToFinish() {
        // Each interpreter is used from its own thread only, as its contract asks.
        let looping = Interpreter(host: TestHost())
        let counting = Interpreter(host: TestHost())
        nonisolated(unsafe) var stopped: Evaluation?
        nonisolated(unsafe) var counted: Evaluation?
        let loopEnded = Done(), countEnded = Done()
        Thread {
            stopped = looping.evaluate("n = 0; while true n = n + 1 end")
            loopEnded.set()
        }.start()
        // 3,000,000 additions: about a second in a debug build, longer on a loaded machine.
        Thread {
            counted = counting.evaluate("s = 0; for i in 1:3000000 s = s + i end; s")
            countEnded.set()
        }.start()
        Thread.sleep(forTimeInterval: 0.2)
        looping.requestInterrupt()
        #expect(loopEnded.wait(30), "the stopped loop ended")
        #expect(!countEnded.isSet, "the count was still running when the other loop stopped")
        #expect(countEnded.wait(120), "the count ran to its end")
        #expect(stopped?.diagnostics.first?.kind == .interrupted)
        // Σ i for i = 1…3e6 is 3e6 · (3e6 + 1) / 2 = 4500001500000 (exact in a Double).
        #expect(counted?.succeeded == true, "\(counted?.diagnostics.map(\.message) ?? [])")
        #expect(counted?.output == "4500001500000\n")
        if !loopEnded.isSet { looping.requestInterrupt() }
    }

    @Test func clearingOneInterpreterKeepsTheOthersRequest() {
        let first = Interpreter(host: TestHost())
        let second = Interpreter(host: TestHost())
        first.requestInterrupt()
        second.clearInterrupt()
        #expect(first.interruptRequested, "second's clear did not reach first")
        #expect(!second.interruptRequested)
        // The pending request stops first's next loop, and is spent by it.
        #expect(first.evaluate("while true end").diagnostics.first?.kind == .interrupted)
        #expect(!first.interruptRequested)
        #expect(second.evaluate("k = 0; for i in 1:10 k = k + i end; k").output == "55\n")
    }
}
