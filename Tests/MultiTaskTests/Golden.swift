import Foundation
import TestSupport

/// A golden JSON file of Tests/MultiTaskTests/Golden (float64 reference values, copied
/// into the project), read by `/`-separated key paths.
func goldenFile(_ name: String) throws -> GoldenJSON { try GoldenJSON(name, in: GoldenJSON.folder()) }
