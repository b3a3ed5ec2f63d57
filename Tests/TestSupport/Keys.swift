import Antom

/// Key pairs made once per test process: RSA-2048 generation is the slowest thing a test could do.
public enum Keys {
    public static let box = Result { try KeyGenerator.generate() }
    public static let acquirer = Result { try KeyGenerator.generate() }
    /// Somebody else's key: what a forger signs with.
    public static let stranger = Result { try KeyGenerator.generate() }
}
