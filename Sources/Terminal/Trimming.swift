extension StringProtocol {
    /// The text without leading and trailing white space (`Character.isWhitespace`: spaces,
    /// tabs, line ends and Unicode spaces such as U+3000): the one trimming of the
    /// presentation modules, which keep all their trims in this file. (TaskData trims CSV
    /// fields, and Tensors an environment value, with their own two lines: the numeric
    /// stack imports no presentation module.)
    public var trimmingWhitespace: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }

    /// The text without trailing white space (the same set as `trimmingWhitespace`).
    public var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }

    /// The text without the line ends at its end (a command's output before it is shown
    /// or recorded; trailing spaces on its last line stay).
    public var trimmingTrailingNewlines: String {
        var s = Substring(self)
        while s.last == "\n" { s.removeLast() }
        return String(s)
    }

    /// The text without leading and trailing characters of `set` (lesson syntax, where a
    /// fence or a front-matter line is trimmed of exactly the characters its format allows).
    public func stripping(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
