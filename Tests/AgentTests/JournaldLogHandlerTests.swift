import Logging
import Synchronization
import Testing
@testable import Agent

@Suite("journald log lines")
struct JournaldLogHandlerTests {
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    @Test func oneLinePerEventWithItsPriority() {
        let lines = Lines()
        var logger = Logger(label: "scanbridge.flow") { label in
            JournaldLogHandler(label: label) { line in lines.all.withLock { $0.append(line) } }
        }
        logger.logLevel = .debug
        logger[metadataKey: "box"] = "BOX-7"
        logger.warning("scanner port lost, reopening", metadata: ["port": "/dev/ttyACM0"])
        logger.error("two\nlines")
        logger.notice("payment succeeded", metadata: ["code": "281001**************5100"])
        logger.trace("not shown")
        #expect(lines.all.withLock { $0 } == [
            "<4>scanbridge.flow: scanner port lost, reopening box=BOX-7 port=/dev/ttyACM0\n",
            "<3>scanbridge.flow: two\\nlines box=BOX-7\n",
            "<5>scanbridge.flow: payment succeeded box=BOX-7 code=281001**************5100\n",
        ])
    }
}
