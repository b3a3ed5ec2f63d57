import Agent
import Logging

/// Process-wide output settings shared by the subcommands.
enum ProcessOutput {
    /// Logs go to stderr, one line per event, so stdout stays the command's own output. Under
    /// systemd they carry journald's `<N>` priority prefix instead of a timestamp.
    static func bootstrapLogging(level: Logger.Level) {
        let journald = JournaldLogHandler.stderrIsJournal
        LoggingSystem.bootstrap { label in
            if journald {
                var handler = JournaldLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
