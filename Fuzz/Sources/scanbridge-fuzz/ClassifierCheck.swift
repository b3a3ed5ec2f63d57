import ScanCode

/// The classifier against the Alipay+ rules read plainly, on text: a payment code is 16 to 24
/// digits (spaces around allowed) starting 25–30, and never from an EAN/UPC symbol. The kind
/// follows from length and prefix, and the code's digits and mask come back unchanged.
enum ClassifierCheck {
    static func verify(_ payload: UnsafeBufferPointer<UInt8>, aim: AIMIdentifier?) {
        let verdict = CodeClassifier().classify(payload, aim: aim)
        var text = Array(payload)
        while text.first == 0x20 { text.removeFirst() }
        while text.last == 0x20 { text.removeLast() }
        let allDigits = !text.isEmpty && text.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let prefix = text.count >= 2 && allDigits ? Int(text[0] - 0x30) * 10 + Int(text[1] - 0x30) : -1
        let isPayment = allDigits && aim?.symbology != .eanUPC && (16...24).contains(text.count) && (25...30).contains(prefix)

        guard case .payment(let code) = verdict else {
            check(!isPayment, "\(String(decoding: text, as: UTF8.self)) rejected (\(verdict)) but is a payment code")
            if text.isEmpty { check(verdict == .rejected(.empty), "blank read not .empty: \(verdict)") }
            if allDigits, case .rejected(.wrongLength(let n)) = verdict { check(n == text.count, "wrongLength \(n) for \(text.count) digits") }
            return
        }
        check(isPayment, "\(String(decoding: text, as: UTF8.self)) accepted as \(code.kind) but is not a payment code")
        let digits = String(decoding: text, as: UTF8.self)
        check(code.digits == digits, "digits \(code.digits) != \(digits)")
        check(code.length == text.count, "length")
        let expectedKind: PaymentCode.Kind =
            text.count == 24 && text[6] == 0x30 && text[7] == 0x32 ? .alipayPlus24
            : prefix == 28 && (17...19).contains(text.count) ? .alipayPlusLegacy : .alipayCN
        check(code.kind == expectedKind, "kind \(code.kind) != \(expectedKind)")
        let masked = code.masked
        check(masked.count == text.count && masked.prefix(6) == digits.prefix(6) && masked.suffix(4) == digits.suffix(4)
              && masked.dropFirst(6).dropLast(4).allSatisfy { $0 == "*" }, "mask \(masked)")
        check(PaymentCode(digits) == code, "PaymentCode(text) differs from the frame's code")
    }
}
