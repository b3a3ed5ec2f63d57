import Antom
import PaymentModel
import FaultProxy
import Journal
import Settlement

/// "No success is shown without a verified S": every `succeeded` event must belong to an
/// attempt the journal holds as succeeded, and the answer that made it so (pay or inquiry, by
/// the journaled reason) must have reached the client exactly as the acquirer signed it.
public enum VerifiedSuccessAudit {
    /// Every success shown that was not earned, one line each; empty when all were.
    public static func violations(events: [PaymentEvent], journal: Journal, proxyLog: [FaultRecord]) async throws -> [String] {
        var problems: [String] = []
        for event in events {
            guard case .succeeded = event.kind else { continue }
            guard let id = event.attemptID else {
                problems.append("succeeded event for \(event.orderReference) without an attempt")
                continue
            }
            let attempt = try await journal.attempt(id)
            guard attempt.state == .succeeded else {
                problems.append("succeeded shown for attempt \(id), journal says \(attempt.state)")
                continue
            }
            guard let reason = try await journal.history(id).last(where: { $0.to == .succeeded })?.reason else {
                problems.append("attempt \(id) succeeded without a transition")
                continue
            }
            let endpoint: Endpoint = reason.hasPrefix("inquiry") ? .inquiryPayment : .pay
            let answer = proxyLog.last { $0.endpoint == endpoint && $0.paymentRequestId == attempt.paymentRequestId }
            if answer?.clientGotAuthenticAnswer != true {
                problems.append("attempt \(id) succeeded on \(reason), but that \(endpoint) answer was \(answer.map { "\($0)" } ?? "never seen by the proxy")")
            }
        }
        return problems
    }
}
