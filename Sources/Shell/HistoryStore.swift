import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command history file, `$XDG_STATE_HOME/metalab/history`. Each line is
/// appended as it is entered, under an exclusive lock, so two shells
/// interleave their lines and never overwrite each other's. Past
/// `2 × limit` lines the file is cut to its last `limit` lines, in place and
/// under the same lock (a rename would strand a shell waiting on the old file).
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
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        truncateIfLong(fd)
    }

    /// Called with the lock held.
    private func truncateIfLong(_ fd: Int32) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count > 2 * limit else { return }
        let kept = Array((lines.suffix(limit).joined(separator: "\n") + "\n").utf8)
        guard ftruncate(fd, 0) == 0 else { return }
        _ = kept.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
