import PaymentModel
/// The five Antom operations the box uses, and where they live under the path prefix.
public enum Endpoint: String, CaseIterable, Sendable {
    case pay
    case inquiryPayment
    case cancel
    case refund
    case inquiryRefund

    /// Production prefix. In-store sandbox traffic uses the same prefix (see docs/ACQUIRER.md).
    public static let defaultPrefix = "/ams/api"

    /// e.g. `/ams/api/v1/payments/pay`. This exact string is what gets signed.
    public func path(prefix: String = Endpoint.defaultPrefix) -> String {
        "\(prefix)/v1/payments/\(rawValue)"
    }
}
