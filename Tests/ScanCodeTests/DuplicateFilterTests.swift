import Testing
@testable import ScanCode

@Suite("Duplicate filter")
struct DuplicateFilterTests {
    let start = ContinuousClock.now
    let code = PaymentCode("251001020123456789012345")!
    let other = PaymentCode("281001029876543210987654")!

    @Test func sameCodeWithinTheWindowIsDropped() {
        var filter = DuplicateFilter(window: .seconds(3))
        let admitted = [
            filter.admit(code, at: start),
            filter.admit(code, at: start + .milliseconds(500)),
            filter.admit(other, at: start + .milliseconds(600)),  // another code is no duplicate
        ]
        #expect(admitted == [true, false, true])
    }

    @Test func windowSlidesWhileTheCodeKeepsBeingRead() {
        var filter = DuplicateFilter(window: .seconds(3))
        let admitted = [
            filter.admit(code, at: start),
            filter.admit(code, at: start + .seconds(2)),
            filter.admit(code, at: start + .seconds(4)),  // 2 s after the last read: the same phone
            filter.admit(code, at: start + .seconds(8)),
        ]
        #expect(admitted == [true, false, false, true])
    }

    @Test func windowIsConfigurable() {
        var filter = DuplicateFilter(window: .milliseconds(200))
        let admitted = [filter.admit(code, at: start), filter.admit(code, at: start + .milliseconds(250))]
        #expect(admitted == [true, true])
    }

    @Test func remembersSeveralRecentCodes() {
        var filter = DuplicateFilter(window: .seconds(3), remembered: 4)
        let codes = (0..<4).map { PaymentCode("25100102012345678901234\($0)")! }
        let first = codes.enumerated().map { index, code in filter.admit(code, at: start + .milliseconds(index)) }
        let again = codes.map { filter.admit($0, at: start + .milliseconds(100)) }
        #expect(first == [true, true, true, true])
        #expect(again == [false, false, false, false])
    }
}

@Suite("Safe preview")
struct SafePreviewTests {
    @Test func escapesControlBytesAndMasksLongDigitRuns() {
        #expect(SafePreview.of(Array("ab\u{1B}[2J\r\n".utf8)) == "ab\\x1B[2J\\r\\n")
        #expect(SafePreview.of(Array("134567890123456789".utf8)) == "134567********6789")
        #expect(SafePreview.of(Array("SKU 12345".utf8)) == "SKU 12345")
        #expect(SafePreview.of([0xFF, 0x5C]) == "\\xFF\\\\")
    }

    @Test func cutsLongText() {
        let preview = SafePreview.of(Array(String(repeating: "x", count: 500).utf8), limit: 10)
        #expect(preview == "xxxxxxxxxx…")
    }

    @Test func hexDumpsBytes() {
        #expect(SafePreview.hex([0x5D, 0x43, 0x30, 0x0D]) == "5D 43 30 0D")
    }
}
