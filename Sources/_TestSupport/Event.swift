import Foundation

/// A one-shot event: one thread sets it, another waits for it with a deadline. Tests
/// wait on what they are waiting for (a loop started, a thread finished) with this,
/// never with a fixed sleep, and a lost event fails at the deadline instead of hanging.
public final class Event: @unchecked Sendable {
    private let condition = NSCondition()
    private var happened = false

    public init() {}

    /// Marks the event as happened and wakes every waiter.
    public func set() {
        condition.lock()
        happened = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the event has happened.
    public var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return happened
    }

    /// Waits until the event happens or `seconds` pass; true if it happened.
    @discardableResult
    public func wait(seconds: TimeInterval) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !happened {
            if !condition.wait(until: deadline) { return happened }
        }
        return true
    }
}
