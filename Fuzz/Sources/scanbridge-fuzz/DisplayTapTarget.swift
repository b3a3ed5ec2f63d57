import Money
import POSLink

/// The CD5220 customer-display stream. However the bytes are split, the parser reports the same
/// events; an amount line is at most 20 characters with its spaces removed and comes only from
/// `ESC Q A … CR`; a lamp is 0–4; and the amount text goes through the Money parsers the tap uses.
///
/// Input: [split seed] [currency choice] stream…
enum DisplayTapTarget {
    static let currencies = ["USD", "JPY", "KWD", "SGD"].map { try! Currency(code: $0) }

    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        var seed = UInt64(input.byte()) | 1
        let currency = currencies[Int(input.byte() % 4)]
        let stream = Array(input.rest())

        var whole = CustomerDisplayParser()
        var expected: [CustomerDisplayParser.Event] = []
        whole.feed(stream) { expected.append($0) }

        var split = CustomerDisplayParser()
        var events: [CustomerDisplayParser.Event] = []
        var start = 0
        while start < stream.count {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            let end = min(stream.count, start + Int(seed % 24))
            split.feed(stream[start..<end]) { events.append($0) }
            start = end
        }
        check(events == expected, "split reads give \(events), one read \(expected)")

        let amountLines = stream.windows(ofCount: 3).filter { $0.elementsEqual([0x1B, UInt8(ascii: "Q"), UInt8(ascii: "A")]) }.count
        var amounts = 0
        for event in events {
            switch event {
            case .amountShown(let text):
                amounts += 1
                check(text.utf8.count <= CustomerDisplayParser.maxLine * 3 && text.count <= CustomerDisplayParser.maxLine,
                      "amount line of \(text.count) characters")
                check(!text.contains(" "), "amount line keeps spaces")
                if !text.contains(",") {
                    MoneyCheck.decimal(text, currency)
                    MoneyCheck.minorUnits(text.filter { $0 != "." }, currency)
                }
            case .lamp(let number):
                check((0...4).contains(number), "lamp \(number)")
            case .cleared:
                break
            }
        }
        check(amounts <= amountLines, "\(amounts) amounts from \(amountLines) ESC Q A commands")
    }
}

extension Array where Element == UInt8 {
    func windows(ofCount count: Int) -> [ArraySlice<UInt8>] {
        guard self.count >= count else { return [] }
        return (0...(self.count - count)).map { self[$0..<($0 + count)] }
    }
}
