import POSIX
import FoundationEssentials

extension BoardProfile {
    /// Loads and validates one board file. The file's name (without `.json`) must equal its id.
    public static func load(path: String) throws(BoardError) -> BoardProfile {
        let data: Data
        do throws(WholeFile.Failure) {
            data = Data(try WholeFile.read(path))
        } catch {
            throw .unreadable(file: path, reason: error.errno == .noEntry ? "no such file" : "\(error)")
        }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let id = base.hasSuffix(".json") ? String(base.dropLast(5)) : nil
        return try decode(data, file: path, expectedID: id)
    }

    /// Decodes and validates board JSON; `file` only labels the error messages.
    public static func decode(_ data: Data, file: String, expectedID: String? = nil) throws(BoardError) -> BoardProfile {
        let raw: BoardFile
        do {
            raw = try JSONDecoder().decode(BoardFile.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(file: file, reason: describe(error))
        } catch {
            throw .malformed(file: file, reason: "not valid JSON: \(error)")
        }
        switch BoardValidation.profile(from: raw, expectedID: expectedID) {
        case .success(let profile): return profile
        case .failure(let problems): throw .invalid(file: file, problems: problems.list)
        }
    }

    /// Every `*.json` in a directory, by id. Stops at the first bad file.
    public static func loadAll(directory: String) throws(BoardError) -> [String: BoardProfile] {
        var profiles: [String: BoardProfile] = [:]
        for name in SysfsAttribute.entries(of: directory) where name.hasSuffix(".json") {
            let profile = try load(path: directory + "/" + name)
            profiles[profile.id] = profile
        }
        return profiles
    }

    /// JSONDecoder's errors name Swift types; this names the JSON field and what was expected.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context, key)): required field is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(jsonName(of: type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(jsonName(of: type)), found null"
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return "\(path(context)): \(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt32.Type: "a whole number"
        case is [String].Type: "a list of strings"
        default: "an object or value of type \(type)"
        }
    }
}
