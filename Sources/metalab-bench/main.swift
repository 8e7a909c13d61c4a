import Foundation

/// `metalab-bench WORKLOAD [--option value …]`: one JSON line per workload.
let arguments = CommandLine.arguments.dropFirst()
let usage = "usage: metalab-bench WORKLOAD|all [--option value ...]\nworkloads:\n"
    + workloads.map { "  \($0.name.padding(12)) \($0.summary)" }.joined(separator: "\n")

guard let name = arguments.first, name != "--help", name != "-h" else {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}
do {
    let options = try Options(arguments.dropFirst())
    let chosen = name == "all" ? workloads : workloads.filter { $0.name == name }
    if chosen.isEmpty {
        FileHandle.standardError.write(Data("metalab-bench: unknown workload '\(name)'\n\(usage)\n".utf8))
        exit(2)
    }
    for workload in chosen {
        for line in try workload.run(options) { print(line) }
    }
} catch BenchError.usage(let message) {
    FileHandle.standardError.write(Data("metalab-bench: \(message)\n".utf8))
    exit(2)
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: Swift.max(0, width - count)) }
}
