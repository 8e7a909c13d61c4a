extension StringProtocol {
    /// The text without leading and trailing white space (`Character.isWhitespace`: spaces,
    /// tabs, line ends and Unicode spaces such as U+3000): the one trimming of the
    /// presentation modules. (TaskData trims CSV fields, and Tensors an environment value,
    /// with their own two lines: the numeric stack imports no presentation module.)
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
}
