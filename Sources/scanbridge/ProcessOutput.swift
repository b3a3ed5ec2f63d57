import Agent
import Logging

/// Process-wide output settings shared by the subcommands.
enum ProcessOutput {
    /// Logs go to stderr, one line per event, so stdout stays the command's own output. Under
    /// systemd they carry journald's `<N>` priority prefix instead of a timestamp. With `file`
    /// (`log.file`) they are also written there, rotated by size.
    @discardableResult
    static func bootstrapLogging(level: Logger.Level, file: String? = nil) -> LogOutput {
        let output = LogOutput(level: level, filePath: file)
        LoggingSystem.bootstrap { label in output.handler(label: label) }
        return output
    }
}
