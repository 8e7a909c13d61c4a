import Foundation
import Terminal
import Yams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a learner has done in one lesson: small, human-readable, and enough
/// to rebuild the state by replay (never a serialised interpreter).
public struct LessonProgress: Codable, Equatable, Sendable {
    public var id: String
    /// The content hash of the lesson file this was recorded against.
    public var hash: String
    /// The index of the step last shown (-1: not started).
    public var current: Int
    /// Names of finished steps (cell ids, or `step N` for prose).
    public var done: [String]
    /// Exercise id → the commands that passed its check (replayed on resume).
    public var answers: [String: String]
    /// Exercise id → failed attempts.
    public var attempts: [String: Int]
    /// Exercise id → hints shown.
    public var hints: [String: Int]
    /// Parameter name → Lab source of its override.
    public var parameters: [String: String]
    /// The learner's own definitions typed at the prompt, replayed at their steps (nil: none).
    public var learnerCells: [LearnerCell]?

    public init(id: String, hash: String) {
        self.id = id
        self.hash = hash
        current = -1
        done = []
        answers = [:]
        attempts = [:]
        hints = [:]
        parameters = [:]
    }

    public func isDone(_ name: String) -> Bool { done.contains(name) }

    public mutating func markDone(_ name: String) {
        if !done.contains(name) { done.append(name) }
    }
}

/// Which lesson the learner was in last (`metalab` with no arguments resumes it).
public struct CourseState: Codable, Equatable, Sendable {
    public var current: String?
    public init(current: String? = nil) { self.current = current }
}

/// Progress files under `$XDG_STATE_HOME/metalab/progress/` (default
/// `~/.local/state/metalab/progress/`), one per lesson, named by its id.
/// Writes are atomic (temporary file, then rename). A file that cannot be
/// read is moved aside as `NAME.bad` (`NAME.bad.2`, … when that is taken) with a
/// one-line warning and the lesson starts fresh: never a crash, and the damaged
/// bytes are never deleted, whether `load` or `save` finds them.
///
/// A save costs about the same on the 400th line a learner pastes as on the first: the
/// store remembers what it last wrote to each file (`ProgressCache`), so a file nobody else
/// touched since is not read and decoded again, and each learner cell's YAML is encoded once.
public struct ProgressStore: Sendable {
    public let folder: String
    /// Shared by the copies of this store (a session's, its shell's).
    let cache = ProgressCache()

    public init(folder: String) { self.folder = folder }

    /// The store under the XDG state directory of `environment`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> ProgressStore
    {
        ProgressStore(folder: stateDirectory(environment: environment) + "/progress")
    }

    /// `$XDG_STATE_HOME/metalab`, or `~/.local/state/metalab`.
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/metalab" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/metalab"
    }

    func path(for id: String) -> String { folder + "/" + id + ".yaml" }

    /// Loads a lesson's progress. Returns nil when there is none; a damaged
    /// file is moved aside and reported in `warning`.
    public func load(id: String, warning: inout String?, language: Language = .en) -> LessonProgress? {
        let file = path(for: id)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        do {
            guard let text = String(data: data, encoding: .utf8) else {
                throw CocoaError(.fileReadInapplicableStringEncoding)
            }
            let progress = try YAMLDecoder().decode(LessonProgress.self, from: text)
            guard progress.id == id else { throw CocoaError(.coderInvalidValue) }
            return progress
        } catch {
            warning = Message.progressDamaged.text(language, file, moveAside(file))
            return nil
        }
    }

    /// Renames the unreadable `file` to the first free name of `FILE.bad`, `FILE.bad.2`, …
    /// (an older damaged copy is never overwritten) and returns that name.
    func moveAside(_ file: String) -> String {
        var aside = file + ".bad"
        var number = 2
        while FileManager.default.fileExists(atPath: aside) {
            aside = file + ".bad.\(number)"
            number += 1
        }
        guard rename(file, aside) == 0 else { return file }
        return aside
    }

    /// Saves a lesson's progress, merged with what another shell on the same
    /// lesson saved meanwhile: under an exclusive lock on `ID.yaml.lock`, what the
    /// file on disk gained since `base` (this shell's last save or load; nil: all of
    /// it), when recorded against the same content hash, contributes its done steps,
    /// its answers to exercises this shell has not answered, and the larger attempt
    /// and hint counts; this shell's place and parameters win. A mark this shell
    /// saved and then rolled back is not taken back from the file: it is in `base`.
    /// So two shells never silently lose each other's answers; the result says what
    /// the other shell added, so the caller can adopt it and say so. A file on disk that
    /// cannot be read is moved aside first, as `load` does, and the result says where.
    /// - Throws: `ProgressSaveError`, saying what failed and where.
    @discardableResult
    public func save(_ progress: LessonProgress, since base: LessonProgress? = nil) throws -> ProgressMerge {
        let file = path(for: progress.id)
        try createFolder()
        let lock = open(file + ".lock", O_RDWR | O_CREAT, 0o600)
        guard lock >= 0 else { throw ProgressSaveError(path: file + ".lock", code: errno) }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        var merged = progress
        var damagedCopy: String? = nil
        if let known = cache.unchanged(file) {
            // What this store wrote last, and nobody has replaced it since: no need to read it.
            merged = progress.merged(with: known, since: base)
        } else if let data = FileManager.default.contents(atPath: file) {
            if let text = String(data: data, encoding: .utf8),
                let onDisk = try? YAMLDecoder().decode(LessonProgress.self, from: text),
                onDisk.id == progress.id
            {
                merged = progress.merged(with: onDisk, since: base)
            } else {
                damagedCopy = moveAside(file)
            }
        }
        let text: String
        do { text = try cache.yaml(merged) } catch {
            throw ProgressSaveError(path: file, reason: "\(error)")
        }
        try writeAtomically(text, to: file)
        cache.wrote(merged, to: file)
        var merge = ProgressMerge(saved: merged, from: progress)
        merge.damagedCopy = damagedCopy
        return merge
    }

    public func remove(id: String) {
        try? FileManager.default.removeItem(atPath: path(for: id))
    }

    public func loadCourse() -> CourseState {
        guard let data = FileManager.default.contents(atPath: folder + "/course.yaml"),
            let text = String(data: data, encoding: .utf8),
            let state = try? YAMLDecoder().decode(CourseState.self, from: text)
        else { return CourseState() }
        return state
    }

    public func saveCourse(_ state: CourseState) throws {
        try writeAtomically(try YAMLEncoder().encode(state), to: folder + "/course.yaml")
    }

    func createFolder() throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ProgressSaveError(path: folder, reason: "cannot create the folder")
        }
    }

    /// Writes `text` to a temporary file beside `file`, flushes it to the disk
    /// (`fsync`), renames it over `file` and flushes the folder, so a crash at
    /// any point leaves either the old file or the new one, never a torn one.
    func writeAtomically(_ text: String, to file: String) throws {
        try createFolder()
        let temporary = file + ".tmp.\(ProcessInfo.processInfo.processIdentifier)"
        try writeAndSync(text, to: temporary)
        guard rename(temporary, file) == 0 else {
            let code = errno
            unlink(temporary)
            throw ProgressSaveError(path: file, code: code)
        }
        let directory = open(folder, O_RDONLY)
        if directory >= 0 { _ = fsync(directory); close(directory) }
    }

    /// Creates `file` with `text` and `fsync`s it; on any failure the partial file is removed.
    func writeAndSync(_ text: String, to file: String) throws {
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw ProgressSaveError(path: file, code: errno) }
        var failure: Int32 = 0
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { failure = n < 0 ? errno : EIO; break }
            offset += n
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(file)
            throw ProgressSaveError(path: file, code: failure)
        }
    }
}

/// What a `ProgressStore` last wrote to each file, with the file's stamp right after the
/// write, and each learner cell's YAML: a save then reads the file only when another shell
/// (or anything else) replaced it since, and encodes only the cells it has not encoded.
/// Every writer of a progress file writes a new file and renames it over the old one, so a
/// replaced file has a new inode; its size and times are compared too.
final class ProgressCache: @unchecked Sendable {
    private let lock = NSLock()
    private var written: [String: (stamp: FileStamp, progress: LessonProgress)] = [:]
    private var cellYAML: [LearnerCell: String] = [:]

    /// The progress this cache wrote to `file`, when the file is still the one it wrote.
    func unchanged(_ file: String) -> LessonProgress? {
        guard let stamp = FileStamp(path: file) else { return nil }
        return lock.withLock { written[file].flatMap { $0.stamp == stamp ? $0.progress : nil } }
    }

    /// Remembers that `file` now holds `progress` (called under the save lock, right after the rename).
    func wrote(_ progress: LessonProgress, to file: String) {
        let stamp = FileStamp(path: file)
        lock.withLock { written[file] = stamp.map { ($0, progress) } }
    }

    /// `YAMLEncoder().encode(progress)`, byte for byte, with each learner cell's part
    /// encoded once and kept (a cell is the last key, a sequence at the left margin, so its
    /// items are the YAML of one-element lists, joined).
    /// - Complexity: O(length of the text) for cells already encoded.
    func yaml(_ progress: LessonProgress) throws -> String {
        var head = progress
        head.learnerCells = nil
        var text = try YAMLEncoder().encode(head)
        guard let cells = progress.learnerCells else { return text }
        let known = lock.withLock { cellYAML }
        var kept: [LearnerCell: String] = [:]
        text += "learnerCells:\n"
        for cell in cells {
            let item = try known[cell] ?? kept[cell] ?? YAMLEncoder().encode([cell])
            kept[cell] = item
            text += item
        }
        lock.withLock { cellYAML = kept }  // only the cells of the last save: it never grows past them
        return text
    }
}

/// A file's identity and last change as `stat` reports them.
struct FileStamp: Equatable {
    var device: UInt64, inode: UInt64, size: Int64
    var modified: timespec, changed: timespec

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
            modified = info.st_mtimespec
            changed = info.st_ctimespec
        #else
            modified = info.st_mtim
            changed = info.st_ctim
        #endif
    }

    static func == (a: FileStamp, b: FileStamp) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size
            && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
            && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
    }
}

/// A progress file that could not be written: where, and the system's reason.
public struct ProgressSaveError: Error, LocalizedError, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, code: Int32) {
        self.init(path: path, reason: String(cString: strerror(code)))
    }

    public var description: String { "cannot write \(path): \(reason)" }
    public var errorDescription: String? { description }
}

/// What a save took from the progress file another shell wrote meanwhile.
public struct ProgressMerge: Equatable, Sendable {
    /// The progress as saved: this shell's, plus the other shell's additions.
    public var saved: LessonProgress
    /// Steps the other shell finished that this one had not, in its order.
    public var addedSteps: [String]
    /// Exercises the other shell answered that this one had not, sorted.
    public var addedAnswers: [String]
    /// Where an unreadable file found on disk was moved before saving (nil: none was found).
    public var damagedCopy: String? = nil

    init(saved: LessonProgress, from mine: LessonProgress) {
        self.saved = saved
        addedSteps = saved.done.filter { !mine.isDone($0) }
        addedAnswers = saved.answers.keys.filter { mine.answers[$0] == nil }.sorted()
    }

    /// True when the file held nothing this shell did not have.
    public var isEmpty: Bool { addedSteps.isEmpty && addedAnswers.isEmpty }
}

extension LessonProgress {
    /// This progress with what `other` (the file another shell saved) adds since `base`
    /// (what this shell last loaded or saved; nil: nothing): see `ProgressStore.save`.
    /// Progress against another lesson hash is ignored.
    public func merged(with other: LessonProgress, since base: LessonProgress? = nil) -> LessonProgress {
        guard other.id == id, other.hash == hash else { return self }
        let base =
            base.flatMap { $0.id == id && $0.hash == hash ? $0 : nil } ?? LessonProgress(id: id, hash: hash)
        var result = self
        for name in other.done where !base.isDone(name) { result.markDone(name) }
        for (exercise, answer) in other.answers
        where result.answers[exercise] == nil && base.answers[exercise] != answer {
            result.answers[exercise] = answer
        }
        for (exercise, count) in other.attempts where base.attempts[exercise] != count {
            result.attempts[exercise] = max(result.attempts[exercise] ?? 0, count)
        }
        for (exercise, count) in other.hints where base.hints[exercise] != count {
            result.hints[exercise] = max(result.hints[exercise] ?? 0, count)
        }
        return result
    }
}
