import Foundation
import Testing

/// An executable of this package, built beside the test bundle by `swift build --build-tests`.
public func builtExecutable(_ name: String) throws -> URL {
    let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let found = [build, build.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    return try #require(found, "\(name) is built by `swift build --build-tests`")
}

/// The agent's own binary.
public func scanbridgeBinary() throws -> URL { try builtExecutable("scanbridge") }

/// Waits for a child on a dispatch thread, not on one of the test pool's few threads.
public func exitStatus(of process: Process) async -> Int32 {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            process.waitUntilExit()
            continuation.resume(returning: process.terminationStatus)
        }
    }
}
