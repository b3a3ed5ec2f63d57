import Antom

/// Which request gets which fault. Requests are counted per endpoint from the moment the plan is
/// set (the first pay after `proxy.plan = …` is pay number 1); the first rule that matches wins,
/// and a request no rule matches passes.
///
/// ```swift
/// proxy.plan = FaultPlan([.on(.pay, .nth(1), .resetAfterProcessed)])   // first pay only
/// proxy.plan = FaultPlan([.on(.inquiryPayment, .always, .status(500, .afterProcessing))])
/// proxy.plan = .passAll
/// ```
public struct FaultPlan: Sendable {
    public var rules: [FaultRule]

    public init(_ rules: [FaultRule] = []) {
        self.rules = rules
    }

    public static let passAll = FaultPlan()

    /// The first request to `endpoint` gets `fault`; everything else passes.
    public static func first(_ endpoint: Endpoint, _ fault: Fault) -> FaultPlan {
        FaultPlan([.on(endpoint, .nth(1), fault)])
    }

    /// The fault for the `count`th request (1-based) to `endpoint`.
    func fault(for endpoint: Endpoint, count: Int) -> Fault {
        rules.first { ($0.endpoint == nil || $0.endpoint == endpoint) && $0.occurrence.matches(count) }?.fault ?? .pass
    }
}

public struct FaultRule: Sendable {
    /// nil: every API endpoint. Requests outside the API (the keep-warm HEAD) always pass.
    public var endpoint: Endpoint?
    public var occurrence: Occurrence
    public var fault: Fault

    public init(endpoint: Endpoint?, occurrence: Occurrence, fault: Fault) {
        self.endpoint = endpoint
        self.occurrence = occurrence
        self.fault = fault
    }

    public static func on(_ endpoint: Endpoint?, _ occurrence: Occurrence, _ fault: Fault) -> FaultRule {
        FaultRule(endpoint: endpoint, occurrence: occurrence, fault: fault)
    }

    /// Which requests to the rule's endpoint it applies to, by their 1-based count.
    public enum Occurrence: Sendable, Equatable {
        case always
        /// Only the nth.
        case nth(Int)
        /// The first n.
        case first(Int)
        /// Every nth (n, 2n, 3n, …).
        case every(Int)

        func matches(_ count: Int) -> Bool {
            switch self {
            case .always: true
            case .nth(let n): count == n
            case .first(let n): count <= n
            case .every(let n): n > 0 && count % n == 0
            }
        }
    }
}
