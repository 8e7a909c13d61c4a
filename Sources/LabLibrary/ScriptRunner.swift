import Diagnostics
import LabLang
import Synchronization
import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `metalab run` and `metalab eval` do, so the executable only parses flags.
public enum ScriptRunner {
    /// Exit statuses: 0 success, 1 a Lab error, 2 bad command-line use.
    public enum Status: Int32, Sendable {
        case success = 0, labError = 1, usage = 2
    }

    /// Reads a script file, or standard input for `-`; `nil` (with a message on
    /// standard error) when it cannot be read.
    public static func readSource(_ path: String) -> String? {
        if path == "-" {
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(STDIN_FILENO, &chunk, chunk.count)
                if n <= 0 { break }
                bytes += chunk[0..<n]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        do {
            return try readTextFile(path)
        } catch {
            writeError("metalab: \(error.message)\n")
            return nil
        }
    }

    /// Runs `source`, printing what the shell would print to standard output
    /// and a Lab error (with `file:line:column` and a caret line) to standard error, in `language`.
    /// `interrupts` (the executable passes its SIGINT latch) is polled while the script
    /// runs; true stops it with an `interrupted` error, the process alive.
    public static func run(
        source: String, name: String, options: DisplayOptions, colorDiagnostics: Bool,
        language: Language = .en, interrupts: (@Sendable () -> Bool)? = nil
    ) -> Status {
        let interpreter = LabLibrary.makeInterpreter(options: options)
        interpreter.lab.language = language
        interpreter.echo = { text in writeAll(STDOUT_FILENO, text) }
        let result = forwarding(interrupts, to: interpreter) { interpreter.evaluate(source, name: name) }
        let renderer = DiagnosticRenderer(color: colorDiagnostics, language: language)
        for d in result.diagnostics {
            writeError(renderer.render(d, source: result.source) + "\n")
        }
        return result.succeeded ? .success : .labError
    }

    static func writeError(_ text: String) { writeAll(STDERR_FILENO, text) }

    /// Writes all of `text` to a file descriptor (unbuffered, so output and errors stay in order).
    /// The text passes `TerminalText.sanitize` (styles kept): a script's strings
    /// never reach the terminal raw.
    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(TerminalText.sanitize(text, keepingStyles: true).utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Runs `body`, turning every true `interrupts` (polled every 10 ms) into a stop request
    /// of `interpreter` only. The poller is a plain detached thread that ends at its next poll
    /// after `body` returns: a Swift `Task` started the concurrency runtime (its dispatch threads,
    /// an epoll loop), 0.45 ms of every `metalab eval`'s start-up. Without a thread (a resource
    /// limit) the script runs and Ctrl-C is latched unheard.
    static func forwarding<T>(
        _ interrupts: (@Sendable () -> Bool)?, to interpreter: Interpreter, _ body: () -> T
    ) -> T {
        guard let interrupts else { return body() }
        let done = Finished()
        let request = interpreter.interruptRequester
        _ = startDetachedThread {
            while !done.flag.load(ordering: .relaxed) {
                if interrupts() { request() }
                usleep(10_000)
            }
        }
        defer { done.flag.store(true, ordering: .relaxed) }
        return body()
    }

    private final class Finished: Sendable {
        let flag = Atomic<Bool>(false)
    }
}
