import Synchronization

/// Failed ECR authentications over the life of the process, whichever ECR source counted them
/// (a source is rebuilt when its settings change live): `scanbridge_ecr_auth_failures_total`.
public enum ECRSecurity {
    static let failures = Atomic<Int>(0)

    public static var authenticationFailures: Int { failures.load(ordering: .relaxed) }
}
