import CReadline
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// GNU readline on a terminal, through its callback interface: the reader
/// waits in `select`, so a Ctrl-C (which interrupts the wait) clears the line
/// and returns `.interrupted` instead of being lost inside readline. Tab
/// calls `completer`; readline follows window-size changes itself.
public final class ReadlineLineReader: LineReader {
    /// The completer Tab consults (readline's hook is a C function, so it reads this).
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var finishedLine: String?
    nonisolated(unsafe) static var lineReady = false

    /// Sets what Tab completes from.
    public static func use(_ completer: Completer) { self.completer = completer }

    /// The shell's Ctrl-C: when it interrupts the wait, the line is cleared.
    private let interrupt: ShellInterrupt

    public init(interrupt: ShellInterrupt) {
        self.interrupt = interrupt
        ReadlineLineReader.useUTF8CharacterTypes()
        cr_set_readline_name("metalab")
        cr_set_catch_signals(0)
        cr_set_catch_sigwinch(1)
        // `\` `:` `?` `.` and `_` stay inside words: `\alpha`, `:goto`, `?grad`.
        cr_set_completer_word_break_characters(ReadlineLineReader.wordBreaks)
        cr_set_attempted_completion_function(readlineComplete)
        cr_set_sort_completion_matches(1)
    }

    /// readline moves the cursor by characters and columns only under a multibyte `LC_CTYPE`:
    /// in the C locale it counts bytes, and editing a line with α or 中文 in it misplaces the
    /// cursor. The process starts in C, so take the user's locale, and C.UTF-8 when that is
    /// not UTF-8 or not installed (only character types change; numbers print as before).
    static func useUTF8CharacterTypes() {
        let name = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? ""
        let lowered = name.lowercased()
        if !(lowered.contains("utf-8") || lowered.contains("utf8")) { _ = setlocale(LC_CTYPE, "C.UTF-8") }
    }

    nonisolated(unsafe) static let wordBreaks: UnsafePointer<CChar> = {
        let text = " \t\n\"'`@$><=;|&{(,+-*/^[]!~"
        let p = strdup(text)!
        return UnsafePointer(p)
    }()

    public var isInteractive: Bool { true }

    public func remember(_ line: String) {
        guard !line.isEmpty else { return }
        add_history(line)
    }

    public func readLine(prompt: String, prefill: String?) -> LineInput {
        ReadlineLineReader.finishedLine = nil
        ReadlineLineReader.lineReady = false
        interrupt.clear()
        rl_callback_handler_install(prompt, readlineLineHandler)
        if let prefill, !prefill.isEmpty {
            // readline edits one line: a multi-line starter goes in as one `;`-joined line.
            rl_insert_text(promptLine(prefill))
            rl_redisplay()
        }
        defer { rl_callback_handler_remove() }
        while !ReadlineLineReader.lineReady {
            var readable = fd_set()
            fdZero(&readable)
            fdSet(STDIN_FILENO, &readable)
            let result = select(STDIN_FILENO + 1, &readable, nil, nil, nil)
            if result < 0 {
                if errno == EINTR && interrupt.isRequested {
                    interrupt.clear()
                    // "^C" after the whole line, before readline's cleanup: that ends with a
                    // carriage return (bracketed paste off), and "^C" there hid the prompt.
                    cr_point_to_end()
                    rl_redisplay()
                    writeStandardOutput("^C")
                    rl_free_line_state()
                    rl_callback_sigcleanup()
                    rl_cleanup_after_signal()
                    writeStandardOutput("\n")
                    return .interrupted
                }
                continue
            }
            rl_callback_read_char()
        }
        guard let line = ReadlineLineReader.finishedLine else { return .end }
        return .line(line)
    }
}

/// readline's line handler: the finished line (nil at Ctrl-D on an empty line).
private func readlineLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    // Removed here, not after: with the handler still installed when this returns,
    // readline draws a fresh prompt at once, and the output that follows lands on it
    // ("[data]e>" over "ex-gate> ").
    rl_callback_handler_remove()
    ReadlineLineReader.lineReady = true
    if let line {
        ReadlineLineReader.finishedLine = String(cString: line)
        free(line)
    } else {
        ReadlineLineReader.finishedLine = nil
        writeStandardOutput("\n")
    }
}

/// readline's completion hook: matches from `Completer`, as readline wants
/// them (malloc'd, `[replacement, match…, NULL]`), and no filename fallback.
private func readlineComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
{
    cr_set_attempted_completion_over(1)
    guard let completer = ReadlineLineReader.completer, let buffer = cr_line_buffer() else { return nil }
    let line = String(cString: buffer)
    let bytes = Array(line.utf8)
    let before = String(decoding: bytes[..<min(Int(end), bytes.count)], as: UTF8.self)
    let word = String(
        decoding: bytes[min(Int(start), bytes.count)..<min(Int(end), bytes.count)], as: UTF8.self)
    let result = completer.complete(lineBeforeCursor: before, word: word)
    guard !result.candidates.isEmpty else { return nil }
    cr_set_completion_append_character(result.appendSpace ? 32 : 0)
    let replacement = result.candidates.count == 1 ? result.candidates[0] : commonPrefix(result.candidates)
    let all = [replacement] + (result.candidates.count == 1 ? [] : result.candidates)
    let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (all.count + 1))!
        .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: all.count + 1)
    for (k, s) in all.enumerated() { array[k] = strdup(s) }
    array[all.count] = nil
    return array
}

func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first.map(Array.init) else { return "" }
    for s in strings.dropFirst() {
        let c = Array(s)
        var n = 0
        while n < prefix.count && n < c.count && prefix[n] == c[n] { n += 1 }
        prefix = Array(prefix[..<n])
    }
    return String(prefix)
}

private func fdZero(_ set: inout fd_set) {
    #if canImport(Glibc)
        set.__fds_bits = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    #else
        set.fds_bits = (
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        )
    #endif
}

private func fdSet(_ fd: Int32, _ set: inout fd_set) {
    #if canImport(Glibc)
        let bits = MemoryLayout.size(ofValue: set.__fds_bits.0) * 8
        withUnsafeMutableBytes(of: &set.__fds_bits) { raw in
            let words = raw.bindMemory(to: Int.self)
            words[Int(fd) / bits] |= 1 << (Int(fd) % bits)
        }
    #else
        let bits = 32
        withUnsafeMutableBytes(of: &set.fds_bits) { raw in
            let words = raw.bindMemory(to: Int32.self)
            words[Int(fd) / bits] |= Int32(1 << (Int(fd) % bits))
        }
    #endif
}
