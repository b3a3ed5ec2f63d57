/// Wallet names as the acquirer gives them (`pspCustomerInfo.pspName`) → the clip that says the
/// wallet's name. An unknown or missing one is said as "wallet": never a wrong brand.
enum Wallets {
    /// pspName with everything but letters and digits removed, upper-cased → clip.
    static let clips: [String: String] = [
        "ALIPAY": "wallet.alipay", "ALIPAYCN": "wallet.alipay",
        "ALIPAYHK": "wallet.alipayhk",
        "GCASH": "wallet.gcash",
        "KAKAOPAY": "wallet.kakaopay",
        "TRUEMONEY": "wallet.truemoney",
        "TNG": "wallet.tng", "TOUCHNGO": "wallet.tng", "TNGD": "wallet.tng",
        "DANA": "wallet.dana",
        "NAVERPAY": "wallet.naverpay",
        "TOSSPAY": "wallet.tosspay", "TOSS": "wallet.tosspay",
        "RABBITLINEPAY": "wallet.rabbitlinepay",
        "BOOST": "wallet.boost",
        "MPAY": "wallet.mpay",
        "PAYPAY": "wallet.paypay",
    ]

    static let generic = "wallet.generic"

    static func clip(for pspName: String?) -> String {
        guard let pspName else { return generic }
        let key = String(pspName.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
        return clips[key] ?? generic
    }

    static var vocabulary: Set<String> { Set(clips.values).union([generic]) }
}
