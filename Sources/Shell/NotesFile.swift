import Terminal

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The speaker notes of `metalab present --notes FILE`, written where FILE points: a
/// regular file (created or emptied), a symbolic link's target, a FIFO another terminal
/// reads, a terminal device (`/dev/pts/3`). Never replaced by a new file, as an atomic
/// write would (a FIFO or a link would be silently swapped for a plain file). Each note
/// is one line, its control characters made visible (`TerminalText.sanitize`): the
/// lesson is untrusted and the reader is a terminal. A write that fails (a full disk,
/// a reader that went away) stops the notes, never the presentation.
final class NotesFile: @unchecked Sendable {
    /// Why the file could not be opened: the system's error number (ENXIO: a FIFO no one reads).
    struct Failure: Error { var code: Int32 }

    private var descriptor: Int32
    /// Told once, with the system's error number, when a write fails and the notes stop.
    private let stopped: (Int32) -> Void

    private init(descriptor: Int32, stopped: @escaping (Int32) -> Void) {
        self.descriptor = descriptor
        self.stopped = stopped
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Opens `path` for writing without waiting: a FIFO nobody reads yet is an error
    /// saying so, not a hang.
    static func opening(_ path: String, stopped: @escaping (Int32) -> Void) -> Result<NotesFile, Failure> {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(Failure(code: errno)) }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        // A FIFO whose reader quits must end the notes with EPIPE, not the presentation with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return .success(NotesFile(descriptor: fd, stopped: stopped))
    }

    /// Writes `note` and a newline; after a failure, nothing more.
    func add(_ note: String) {
        guard descriptor >= 0 else { return }
        let bytes = Array((TerminalText.sanitize(note) + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                stopped(n < 0 ? errno : EIO)
                close(descriptor)
                descriptor = -1
                return
            }
            offset += n
        }
    }
}
