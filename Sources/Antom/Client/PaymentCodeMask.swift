import PaymentModel
/// Payment codes are bearer tokens for about a minute: logs show the first 6 and last 4 digits
/// only (enough to tell wallets and attempts apart), and nothing of a code too short for that.
public enum PaymentCodeMask {
    public static func mask(_ code: String) -> String {
        let characters = Array(code)
        guard characters.count > 10 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10) + String(characters.suffix(4))
    }
}
