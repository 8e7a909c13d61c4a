#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Asks the terminal on standard input/output what it can draw: writes
/// `GraphicsReplies.query`, then reads the answers for at most
/// `timeoutMilliseconds`, stopping as soon as the device attributes arrive
/// (every terminal answers those, after the others). Echo and line buffering
/// are off while it waits and restored after; without an answer in time, input
/// already received is discarded. Adds the text area's pixel size
/// from `TIOCGWINSZ` when the terminal did not report it. Nil when standard
/// input or output is not a terminal.
public func queryTerminalGraphics(timeoutMilliseconds: Int = 250) -> GraphicsReplies? {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
    defer { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
    let query = Array(GraphicsReplies.query.utf8)
    guard query.withUnsafeBytes({ write(STDOUT_FILENO, $0.baseAddress, $0.count) }) == query.count else {
        return nil
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 512)
    var remaining = timeoutMilliseconds
    var replies = GraphicsReplies()
    while remaining > 0 && !replies.answered {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let started = monotonicMilliseconds()
        let ready = poll(&descriptor, 1, Int32(remaining))
        if ready <= 0 { break }
        let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        bytes += buffer[0..<n]
        replies = GraphicsReplies.parse(bytes)
        remaining -= max(1, monotonicMilliseconds() - started)
    }
    // A terminal too slow for the timeout may have answered in part: drop what arrived,
    // so no reply bytes reach the line editor (later ones cannot be caught).
    if !replies.answered { _ = tcflush(STDIN_FILENO, TCIFLUSH) }
    if replies.windowPixels == nil, let pixels = windowPixelSize(fileDescriptor: STDOUT_FILENO) {
        replies.windowPixels = pixels
    }
    return replies
}

/// The text area's size in pixels from `TIOCGWINSZ`, or nil when the terminal leaves it 0.
public func windowPixelSize(fileDescriptor: Int32) -> PixelSize? {
    guard let size = terminalWinsize(fileDescriptor), size.ws_xpixel > 0, size.ws_ypixel > 0 else {
        return nil
    }
    return PixelSize(width: Int(size.ws_xpixel), height: Int(size.ws_ypixel))
}

private func monotonicMilliseconds() -> Int {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
}
