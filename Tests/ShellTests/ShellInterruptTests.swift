import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Shell

/// Issue 17: a Ctrl-C belongs to one shell run. Two shells in one process (this test
/// process) neither stop nor clear each other; only the front end feeds a shell from the
/// process's SIGINT latch, and the tests press Ctrl-C through `ShellInterrupt.request()`.
@Suite(.timeLimit(.minutes(3))) struct ShellInterruptTests {
    /// Sets `running` once `shell`'s session watcher has polled three times (it polls every
    /// 10 ms while a command runs), still answering with the shell's own Ctrl-C.
    static func watch(_ shell: LabShell, running: Event) {
        let own = shell.session.externalStop
        let polls = PollCount()
        shell.session.externalStop = {
            if polls.increment() >= 3 { running.set() }
            return own?() ?? false
        }
    }

    @Test func ctrlCInOneShellLeavesTheOthersLoopRunningToItsResult() {
        let a = ScriptedSession([]), b = ScriptedSession([])
        let aRunning = Event(), bRunning = Event(), aDone = Event(), bDone = Event()
        Self.watch(a.shell, running: aRunning)
        Self.watch(b.shell, running: bRunning)
        // Each shell is used from its own thread only.
        nonisolated(unsafe) let shellA = a.shell, shellB = b.shell
        Thread {
            _ = shellA.handle("n = 0; while true; n = n + 1; end")
            aDone.set()
        }.start()
        // 3,000,000 additions: about a second in a debug build, longer on a loaded machine.
        Thread {
            _ = shellB.handle("s = 0; for i in 1:3000000 s = s + i end; s")
            bDone.set()
        }.start()
        #expect(aRunning.wait(seconds: 60) && bRunning.wait(seconds: 60), "both commands run")
        a.shell.interrupt.request()
        #expect(aDone.wait(seconds: 30), "Ctrl-C stopped the first shell's loop")
        #expect(!bDone.isSet, "the second shell's count was still running when the first stopped")
        #expect(bDone.wait(seconds: 120), "the second shell's count ran to its end")
        #expect(a.text.contains("interrupted"), "\(a.text)")
        #expect(!b.text.contains("interrupted"), "\(b.text)")
        // Σ i for i = 1…3e6 is 3e6 · (3e6 + 1) / 2 = 4500001500000.
        #expect(b.lastResult == "4500001500000", "\(b.text)")
        if !aDone.isSet { a.shell.interrupt.request() }
    }

    @Test func aCommandInOneShellDoesNotSwallowTheOthersCtrlC() {
        let a = ScriptedSession([]), b = ScriptedSession([])
        a.shell.interrupt.request()
        // Every command clears its own shell's Ctrl-C before and after it runs.
        _ = b.shell.handle("1 + 1")
        #expect(b.lastResult == "2")
        #expect(a.shell.interrupt.isRequested, "the first shell's Ctrl-C is still pending")
        #expect(!b.shell.interrupt.isRequested)
    }

    /// The front end's wiring: a shell fed from a latch (the SIGINT one in `metalab`; here
    /// a stand-in) takes what the latch holds when read, and `clear` drains it too.
    @Test func aShellInterruptDrainsItsSourceWhenRead() {
        let latch = Latch()
        let fed = ShellInterrupt(source: { latch.flag.exchange(false, ordering: .relaxed) })
        let other = ShellInterrupt()
        #expect(!fed.isRequested)
        latch.flag.store(true, ordering: .relaxed)
        #expect(fed.isRequested, "the latched Ctrl-C reached the shell")
        #expect(fed.isRequested, "and stays until the shell clears it")
        #expect(!other.isRequested, "a shell without the latch never sees it")
        fed.clear()
        #expect(!fed.isRequested)
        latch.flag.store(true, ordering: .relaxed)
        fed.clear()
        #expect(!fed.isRequested, "a Ctrl-C latched before a clear is forgotten with it")
        let latched = latch.flag.load(ordering: .relaxed)
        #expect(!latched)
    }

    final class Latch: Sendable { let flag = Atomic<Bool>(false) }
}
