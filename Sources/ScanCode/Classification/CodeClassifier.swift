/// Decides whether a frame's payload is a wallet payment code, following Alipay+'s published
/// formats: the 24-digit code (issuer + `02` + user number), the legacy 17/18/19-digit codes
/// starting `28`, and AlipayCN/HK codes of 16–24 digits starting 25–30. The same digits count the
/// same whether they came from a Code 128 barcode or a QR.
///
/// Pure and allocation-free: one pass over the bytes.
public struct CodeClassifier: Sendable {
    public init() {}

    public func classify(_ frame: Frame) -> Classification {
        classify(frame.payload, aim: frame.aim)
    }

    public func classify(_ payload: UnsafeBufferPointer<UInt8>, aim: AIMIdentifier?) -> Classification {
        let data = payload.trimmingSpaces()
        guard !data.isEmpty else { return .rejected(.empty) }
        let digits: PackedDigits
        switch PackedDigits.pack(data) {
        case .success(let packed): digits = packed
        case .failure(.tooLong(let length)): return .rejected(.wrongLength(length))
        case .failure(.nonDigit): return .rejected(Self.nonNumeric(data))
        }
        if aim?.symbology == .eanUPC { return .rejected(.productBarcode(.eanUPC)) }

        let length = digits.count
        let prefix = length >= 2 ? digits.prefix2 : -1
        if prefix >= 25, prefix <= 30 {
            if length == 24, digits[6] == 0, digits[7] == 2 {
                return .payment(PaymentCode(kind: .alipayPlus24, packed: digits))
            }
            if prefix == 28, length >= 17, length <= 19 {
                return .payment(PaymentCode(kind: .alipayPlusLegacy, packed: digits))
            }
            if length >= 16, length <= 24 {
                return .payment(PaymentCode(kind: .alipayCN, packed: digits))
            }
        }
        if length == 18, prefix >= 10, prefix <= 15 { return .rejected(.walletNotAccepted(.wechatPay)) }
        if length == 19, prefix == 62 { return .rejected(.walletNotAccepted(.unionPay)) }
        if length == 8 || length == 12 || length == 13, digits.hasValidGTINCheckDigit {
            return .rejected(.productBarcode(.eanUPC))
        }
        return .rejected(.wrongLength(length))
    }

    private static func nonNumeric(_ data: UnsafeBufferPointer<UInt8>) -> Rejection {
        if data.starts(with: "000201".utf8) { return .merchantQR }
        // scheme "://" — http, https, weixin, alipays, …
        if let colon = data.firstIndex(of: UInt8(ascii: ":")), colon > 0,
           data[..<colon].allSatisfy(\.isASCIILetter),
           data.count > colon + 2, data[colon + 1] == UInt8(ascii: "/"), data[colon + 2] == UInt8(ascii: "/") {
            return .url
        }
        return .notAPaymentCode
    }
}

extension UnsafeBufferPointer<UInt8> {
    func trimmingSpaces() -> UnsafeBufferPointer<UInt8> {
        var start = startIndex, end = endIndex
        while start < end, self[start] == 0x20 { start += 1 }
        while end > start, self[end - 1] == 0x20 { end -= 1 }
        return UnsafeBufferPointer(rebasing: self[start..<end])
    }
}
