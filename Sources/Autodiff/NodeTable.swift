/// A map from graph nodes, by identity, to integers, for one walk over a graph:
/// open addressing with linear probing, each address hashed by one multiply
/// (Fibonacci hashing). The walk looks up every edge; with `Dictionary`, whose
/// hash is SipHash, `metalab-bench autodiff-memory` took 14 % more CPU time
/// (docs/DESIGN.md, "Safety and speed").
struct NodeTable {
    /// Node addresses (0: an empty place); the capacity is a power of two.
    private var keys: [UInt]
    private var values: [Int]
    /// 64 − log₂(capacity): the top bits of the product pick the place.
    private var shift: UInt
    private(set) var count = 0

    init(minimumCapacity: Int = 32) {
        var capacity = 16
        while capacity < 2 * minimumCapacity { capacity *= 2 }
        keys = [UInt](repeating: 0, count: capacity)
        values = [Int](repeating: 0, count: capacity)
        shift = UInt(64 - capacity.trailingZeroBitCount)
    }

    subscript(node: Variable) -> Int? {
        get {
            let (place, found) = find(address(node))
            return found ? values[place] : nil
        }
        set {
            // Only insertions and updates: a walk never forgets a node.
            guard let newValue else { preconditionFailure("NodeTable cannot remove a node") }
            let key = address(node)
            var (place, found) = find(key)
            if !found {
                if 2 * (count + 1) > keys.count {
                    grow()
                    place = find(key).place
                }
                keys[place] = key
                count += 1
            }
            values[place] = newValue
        }
    }

    private func address(_ node: Variable) -> UInt { UInt(bitPattern: ObjectIdentifier(node)) }

    /// Where `key` is, or the empty place where it would go.
    private func find(_ key: UInt) -> (place: Int, found: Bool) {
        let mask = keys.count - 1
        var place = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[place]
            if k == key { return (place, true) }
            if k == 0 { return (place, false) }
            place = (place + 1) & mask
        }
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = [UInt](repeating: 0, count: 2 * oldKeys.count)
        values = [Int](repeating: 0, count: 2 * oldKeys.count)
        shift -= 1
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            let place = find(k).place
            keys[place] = k
            values[place] = v
        }
        assert(keys.filter { $0 != 0 }.count == count, "a rehash keeps every node")
    }
}
