import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command history file, `$XDG_STATE_HOME/metalab/history`. Each line is
/// appended as it is entered, under an exclusive lock on `history.lock`, so two
/// shells interleave their lines and never overwrite each other's. Past
/// `2 × limit` lines the file is replaced by one holding its last `limit`
/// lines: written to a temporary file, flushed, then renamed over the history,
/// so a crash at any moment leaves the old file or the new one, never an empty
/// one. The lock lives in its own file, which is never renamed, so a shell
/// waiting for it always then opens the current history.
public struct HistoryStore: Sendable {
    public let path: String
    public let limit: Int

    public init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// The last `limit` entries.
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        return Array(lines.suffix(limit))
    }

    /// Appends one entry (newlines inside it become spaces) and trims the file when it is too long.
    public func append(_ entry: String) {
        let line = entry.replacingOccurrences(of: "\n", with: " ")
        guard !line.allSatisfy(\.isWhitespace) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lock = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        guard lock >= 0 else { return }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        trimIfLong()
    }

    /// Called with the lock held: replaces the file by its last `limit` lines (write, fsync, rename).
    private func trimIfLong() {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: true)
        guard lines.count > 2 * limit else { return }
        let kept = Array((lines.suffix(limit).joined(separator: "\n") + "\n").utf8)
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return }
        var offset = 0
        while offset < kept.count {
            let n = kept.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
        let complete = offset == kept.count && fsync(fd) == 0
        close(fd)
        guard complete, rename(temporary, path) == 0 else {
            unlink(temporary)  // the old, longer history stays: nothing is lost
            return
        }
    }
}
