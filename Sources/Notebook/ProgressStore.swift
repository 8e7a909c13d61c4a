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
/// read is moved aside as `NAME.bad` (`NAME.bad.2`, … beside earlier ones) with
/// a one-line warning and the lesson starts fresh: never a crash.
public struct ProgressStore: Sendable {
    public let folder: String

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
            let aside = Self.freeAsideName(for: file)
            try? FileManager.default.moveItem(atPath: file, toPath: aside)
            warning = Message.progressDamaged.text(language, file, aside)
            return nil
        }
    }

    /// Where a damaged `file` is kept: `file.bad`, or `file.bad.2`, `.bad.3`, … when an
    /// earlier damaged copy is already kept there (never overwritten: nothing is lost).
    static func freeAsideName(for file: String) -> String {
        let manager = FileManager.default
        var candidate = file + ".bad"
        var n = 2
        while manager.fileExists(atPath: candidate) {
            candidate = file + ".bad.\(n)"
            n += 1
        }
        return candidate
    }

    /// Saves a lesson's progress, merged with what another shell on the same
    /// lesson saved meanwhile: under an exclusive lock on `ID.yaml.lock`, what the
    /// file on disk gained since `base` (this shell's last save or load; nil: all of
    /// it), when recorded against the same content hash, contributes its done steps,
    /// its answers to exercises this shell has not answered, and the larger attempt
    /// and hint counts; this shell's place and parameters win. A mark this shell
    /// saved and then rolled back is not taken back from the file: it is in `base`.
    /// So two shells never silently lose each other's answers; the result says what
    /// the other shell added, so the caller can adopt it and say so.
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
        if let data = FileManager.default.contents(atPath: file),
            let text = String(data: data, encoding: .utf8),
            let onDisk = try? YAMLDecoder().decode(LessonProgress.self, from: text)
        {
            merged = progress.merged(with: onDisk, since: base)
        }
        let text: String
        do { text = try YAMLEncoder().encode(merged) } catch {
            throw ProgressSaveError(path: file, reason: "\(error)")
        }
        try writeAtomically(text, to: file)
        return ProgressMerge(saved: merged, from: progress)
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
