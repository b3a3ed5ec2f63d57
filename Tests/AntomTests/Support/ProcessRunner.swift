import Foundation

/// Runs command-line tools (openssl, socat) from tests. Full Foundation is fine in test targets.
enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        let command: String
        let status: Int32
        let stderr: String
        var description: String { "\(command) exited \(status): \(stderr)" }
    }

    /// Runs to completion; returns stdout, throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus,
                          stderr: String(decoding: errors, as: UTF8.self))
        }
        return output
    }

    @discardableResult
    static func openssl(_ arguments: [String], stdin: Data? = nil) throws -> Data {
        try run("/usr/bin/openssl", arguments, stdin: stdin)
    }
}
