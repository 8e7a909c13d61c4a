import Notebook
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension LabShell {
    /// `:slide NAME`: the session's slider (Notebook/Slide.swift) fed by the keyboard and
    /// drawing in place. Without a terminal to read keys from, it says so and what to use instead.
    func slide(_ name: String) {
        guard reader.isInteractive, isatty(STDOUT_FILENO) == 1, let keys = RawKeyReader(interrupt: interrupt)
        else {
            session.slideNeedsATerminal(name)
            return
        }
        let screen = InPlaceSlideScreen(context: environment.context)
        // Every way out leaves the alternate screen and gives the terminal its modes back.
        defer {
            screen.erase()
            keys.restore()
        }
        interrupt.clear()
        session.slide(name, keys: keys, screen: screen)
        interrupt.clear()
    }
}

/// Keys from standard input one at a time: canonical mode and echo off while a slide runs,
/// Ctrl-C left a signal, so it still raises SIGINT and stops a computation (the shell's
/// `ShellInterrupt`), and interrupts the wait for a key. Ctrl-\\ and Ctrl-Z come as bytes
/// instead: as SIGQUIT and SIGTSTP they killed or suspended the shell with the terminal
/// still without echo and on the alternate screen. `restore` (also on deinit) puts the
/// terminal back exactly as it was. A resized window is reported as `.resize` at once:
/// SIGWINCH interrupts the wait (`ProcessSignals.installResize`), and the size is read
/// again at every wake and at least every 250 ms.
final class RawKeyReader: SlideKeySource {
    private var saved = termios()
    private var active = false
    private var keys: [SlideKey] = []
    private var partial: [UInt8] = []
    private let interrupt: ShellInterrupt
    /// The window size last reported (`.resize` when it differs).
    private var size: (columns: Int, rows: Int)?

    /// Nil when standard input is not a terminal or its mode cannot be set.
    init?(interrupt: ShellInterrupt) {
        self.interrupt = interrupt
        size = windowSize(fileDescriptor: STDOUT_FILENO)
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
            #if os(Linux)
                let disabled: UInt8 = 0  // _POSIX_VDISABLE
            #else
                let disabled: UInt8 = 0xFF
            #endif
            cc[Int(VQUIT)] = disabled
            cc[Int(VSUSP)] = disabled
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        active = true
    }

    deinit { restore() }

    /// The terminal as it was before (idempotent).
    func restore() {
        guard active else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved)
        active = false
    }

    func nextKey() -> SlideKey? {
        while keys.isEmpty {
            if interrupt.isRequested { return .stop }
            if windowResized() { return .resize }
            guard fill(waitingMilliseconds: 250) else { return interrupt.isRequested ? .stop : nil }
        }
        return keys.removeFirst()
    }

    /// Whether the window's size differs from the one last reported (and remembers it).
    private func windowResized() -> Bool {
        let now = windowSize(fileDescriptor: STDOUT_FILENO)
        defer { size = now }
        return now?.columns != size?.columns || now?.rows != size?.rows
    }

    func pendingKey() -> SlideKey? {
        if keys.isEmpty { _ = fill(waitingMilliseconds: 0) }
        return keys.isEmpty ? nil : keys.removeFirst()
    }

    /// Reads what standard input holds (waiting up to `waitingMilliseconds` for it, -1:
    /// for ever) and decodes it; a trailing ESC waits 40 ms for the rest of an arrow's
    /// sequence before it counts as Esc. False when the input ended or a signal came.
    private func fill(waitingMilliseconds: Int32) -> Bool {
        guard let bytes = readAvailable(waitingMilliseconds: waitingMilliseconds) else { return false }
        partial += bytes
        var (found, rest) = SlideKeyDecoder.decode(partial, final: false)
        if !rest.isEmpty {
            let more = readAvailable(waitingMilliseconds: 40) ?? []
            (found, rest) = SlideKeyDecoder.decode(partial + more, final: true)
        }
        keys += found
        partial = rest
        return true
    }

    /// The bytes waiting on standard input: [] when none came in time, nil at the end of
    /// input or when a signal (Ctrl-C) interrupted the wait.
    private func readAvailable(waitingMilliseconds: Int32) -> [UInt8]? {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, waitingMilliseconds)
        if ready < 0 { return errno == EINTR && !interrupt.isRequested ? [] : nil }
        guard ready > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(STDIN_FILENO, &buffer, buffer.count)
        if n < 0 { return errno == EINTR && !interrupt.isRequested ? [] : nil }
        return n == 0 ? nil : Array(buffer[..<n])
    }
}

/// The slider's block on the terminal's alternate screen (as a pager uses it): each frame
/// clears that screen and draws from the top, so no frame scrolls into the transcript, and
/// leaving it (`erase`) shows the transcript exactly as it was before the slide. A frame
/// taller than the window keeps its first line (the value) and the last lines that fit.
/// kitty images are deleted with the frame that placed them (`a=d`: those visible, which on
/// the alternate screen are the frame's own).
final class InPlaceSlideScreen: SlideScreen {
    let context: () -> TerminalContext
    private var entered = false

    init(context: @escaping () -> TerminalContext) { self.context = context }

    var window: TerminalContext? { context() }

    func draw(_ lines: [String]) {
        let now = context()
        var out = entered ? "" : "\u{1B}[?1049h"
        entered = true
        if now.graphics.graphicsProtocol == .kitty { out += "\u{1B}_Ga=d,d=a,q=2\u{1B}\\" }
        out += "\u{1B}[H\u{1B}[J"
        let shown = InPlaceBlock.fit(lines, rows: max(2, (now.height ?? 24) - 1), columns: now.width)
        writeStandardOutput(out + TerminalText.sanitize(shown.joined(separator: "\n"), keepingStyles: true))
    }

    /// Back to the normal screen, as it was before the first frame (idempotent).
    func erase() {
        guard entered else { return }
        writeStandardOutput("\u{1B}[?1049l")
        entered = false
    }
}
