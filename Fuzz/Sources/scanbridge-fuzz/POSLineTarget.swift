import Money
import POSLink

/// The ECR line protocol (docs/POS-PROTOCOL.md): a byte stream cut into lines, each parsed into a
/// verb and fields. The framer must agree with a plain split on LF however reads are split and
/// never hold more than its limit; a parsed line prints as printable ASCII and parses back to
/// itself; amounts and currencies that parse print back to the same money.
///
/// Input: [max line length] [split seed] stream…
enum POSLineTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let maxLength = Int(input.byte() % 96) + 1
        var seed = UInt64(input.byte()) | 1
        let stream = Array(input.rest())

        var framer = LineFramer(maxLength: maxLength)
        var outputs: [LineFramer.Output] = []
        var start = 0
        while start < stream.count {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            let end = min(stream.count, start + Int(seed % 40))
            framer.feed(stream[start..<end]) { outputs.append($0) }
            start = end
        }
        check(outputs == reference(stream, maxLength: maxLength), "framer disagrees with a split on LF")

        for output in outputs {
            guard case .line(let bytes) = output else { continue }
            check(bytes.count <= maxLength && !bytes.contains(0x0A), "line over the limit or holding LF")
            checkLine(bytes)
        }
        // Lines longer than any framer limit, as a TCP POS could send with a large max-line setting.
        for line in stream.split(separator: 0x0A, omittingEmptySubsequences: false) { checkLine(Array(line)) }
    }

    static func reference(_ stream: [UInt8], maxLength: Int) -> [LineFramer.Output] {
        var pieces = stream.split(separator: 0x0A, omittingEmptySubsequences: false)
        pieces.removeLast()  // not terminated yet
        return pieces.map { piece in
            if piece.count > maxLength { return .oversize }
            return .line(Array(piece.last == 0x0D ? piece.dropLast() : piece))
        }
    }

    static func checkLine(_ bytes: [UInt8]) {
        let line: ECRLine
        do {
            line = try ECRLine.parse(bytes)
        } catch {
            return
        }
        check(!line.verb.isEmpty && !line.verb.contains(" ") && line.verb == line.verb.uppercased(), "verb \(line.verb.debugDescription)")
        for field in line.fields {
            check(!field.key.isEmpty && !field.key.contains("=") && !field.key.contains(" ") && field.key == field.key.lowercased(),
                  "key \(field.key.debugDescription)")
        }
        let printed = line.description
        check(printed.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "printed line \(printed.debugDescription) is not printable ASCII")
        guard let again = try? ECRLine.parse(Array(printed.utf8)) else {
            check(false, "printed line \(printed.debugDescription) does not parse")
            return
        }
        check(again == line, "\(printed.debugDescription) parses to \(again), not \(line)")

        // OPEN's amount and currency, through the same Money parsers the source uses.
        if let code = line["currency"], let currency = try? Currency(code: code) {
            check(currency.code == code, "currency \(code) read as \(currency.code)")
            if let text = line["amount"] { MoneyCheck.minorUnits(text, currency) }
            if let text = line["desc"] { MoneyCheck.decimal(text, currency) }
        }
    }
}

/// Money parsed from text prints back to money that parses to the same amount.
enum MoneyCheck {
    static func minorUnits(_ text: String, _ currency: Currency) {
        guard let money = try? Money(minorUnitsText: text, currency: currency) else { return }
        check(money.minorUnits >= 0, "negative money")
        check((try? Money(minorUnitsText: money.minorUnitsString, currency: currency)) == money, "minor units round trip for \(text)")
        check((try? Money(parsing: money.decimalString, currency: currency)) == money, "decimal round trip for \(money)")
    }

    static func decimal(_ text: String, _ currency: Currency) {
        guard let money = try? Money(parsing: text, currency: currency) else { return }
        check(money.minorUnits >= 0, "negative money")
        check((try? Money(parsing: money.decimalString, currency: currency)) == money, "decimal round trip for \(text)")
        check((try? Money(minorUnitsText: money.minorUnitsString, currency: currency)) == money, "minor units round trip for \(money)")
    }
}
