#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines from standard input when it is not a terminal: no prompt, no
/// escape codes, no editing. A Ctrl-C during a read discards the line.
public final class PlainLineReader: LineReader {
    private var buffer: [UInt8] = []
    private var atEnd = false
    private let fd: Int32
    /// The shell's Ctrl-C: a read it interrupts discards the line.
    private let interrupt: ShellInterrupt

    public init(fileDescriptor: Int32 = STDIN_FILENO, interrupt: ShellInterrupt = ShellInterrupt()) {
        fd = fileDescriptor
        self.interrupt = interrupt
    }

    public var isInteractive: Bool { false }
    public func remember(_ line: String) {}

    public func readLine(prompt: String, prefill: String?) -> LineInput {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
            }
            if atEnd {
                if buffer.isEmpty { return .end }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer = []
                return .line(line)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n > 0 {
                buffer += chunk[..<n]
            } else if n == 0 {
                atEnd = true
            } else if errno == EINTR {
                if interrupt.isRequested {
                    interrupt.clear()
                    buffer = []
                    return .interrupted
                }
            } else {
                atEnd = true
            }
        }
    }
}
