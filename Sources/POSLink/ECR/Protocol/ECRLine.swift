import POSIX

/// One line of the ECR protocol: a verb and `key=value` fields (docs/POS-PROTOCOL.md). Values
/// percent-encode space, `=`, `%`, and bytes outside printable ASCII, so a line never breaks
/// and a description can hold any UTF-8 text.
public struct ECRLine: Equatable, Sendable, CustomStringConvertible {
    public var verb: String
    public var fields: [(key: String, value: String)]

    public init(_ verb: String, _ fields: [(String, String?)] = []) {
        self.verb = verb
        self.fields = fields.compactMap { key, value in value.map { (key, $0) } }
    }

    public subscript(key: String) -> String? {
        fields.first { $0.key == key }?.value
    }

    public static func == (lhs: ECRLine, rhs: ECRLine) -> Bool {
        lhs.verb == rhs.verb && lhs.fields.elementsEqual(rhs.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The line as sent, without its LF.
    public var description: String {
        ([verb] + fields.map { "\($0.key)=\(Self.encode($0.value))" }).joined(separator: " ")
    }

    public enum ParseError: Error, Equatable {
        case empty
        case notText
        case malformedField(String)
        case badEscape(String)
        case repeatedField(String)
    }

    /// Parses a received line (terminator already removed).
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> ECRLine {
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw .notText }
        let tokens = bytes.split(separator: UInt8(ascii: " "))
        guard let first = tokens.first else { throw .empty }
        let verb = String(decoding: first, as: UTF8.self).uppercased()
        var fields: [(key: String, value: String)] = []
        for token in tokens.dropFirst() {
            guard let equals = token.firstIndex(of: UInt8(ascii: "=")), equals != token.startIndex else {
                throw .malformedField(String(decoding: token.prefix(24), as: UTF8.self))
            }
            let key = String(decoding: token[..<equals], as: UTF8.self).lowercased()
            guard let value = decode(token[(equals + 1)...]) else { throw .badEscape(key) }
            guard !fields.contains(where: { $0.key == key }) else { throw .repeatedField(key) }
            fields.append((key, value))
        }
        return ECRLine(verb: verb, fields: fields)
    }

    private init(verb: String, fields: [(key: String, value: String)]) {
        self.verb = verb
        self.fields = fields
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let value = Hex.byte(bytes[index + 1], bytes[index + 2]) else { return nil }
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func encode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "%") && byte != UInt8(ascii: "=") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + Hex.string(byte)
            }
        }
        return out
    }
}
