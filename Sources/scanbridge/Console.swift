import Logging

/// Process-wide output settings shared by the subcommands.
enum Console {
    /// Logs go to stderr, one line per event, so stdout stays the command's own output.
    static func bootstrapLogging(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
