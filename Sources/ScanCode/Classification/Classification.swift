/// What a frame turned out to be.
public enum Classification: Hashable, Sendable {
    /// A wallet payment code this box can send to the acquirer.
    case payment(PaymentCode)
    /// Something else; the reason says what, so the merchant can be told.
    case rejected(Rejection)
}

/// Why a read is not a payment code. Decided on the box, before anything is journaled or sent.
public enum Rejection: Hashable, Sendable, CustomStringConvertible {
    /// Nothing but the identifier or spaces.
    case empty
    /// A product barcode (EAN-13, UPC-A, EAN-8, …): the customer showed goods, not a wallet.
    case productBarcode(Symbology)
    /// A web address or other `scheme://` link.
    case url
    /// An EMVCo merchant-presented QR (`000201…`): a shop's own QR, to be scanned by a phone.
    case merchantQR
    /// A wallet this box does not accept (WeChat Pay, UnionPay).
    case walletNotAccepted(Wallet)
    /// Digits only, but no payment code is this long with this prefix.
    case wrongLength(Int)
    /// Letters or symbols that match no known payload.
    case notAPaymentCode

    public enum Wallet: String, Hashable, Sendable {
        case wechatPay = "WeChat Pay"
        case unionPay = "UnionPay"
    }

    public var description: String {
        switch self {
        case .empty: "empty read"
        case .productBarcode(let symbology): "product barcode (\(symbology.rawValue)), not a payment code"
        case .url: "a web link, not a payment code"
        case .merchantQR: "a merchant QR code, not a customer's payment code"
        case .walletNotAccepted(let wallet): "\(wallet.rawValue) codes are not accepted here"
        case .wrongLength(let digits): "\(digits) digits: not a payment code"
        case .notAPaymentCode: "not a payment code"
        }
    }
}
