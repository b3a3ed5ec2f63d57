/// Why a pack was refused at load. The agent then runs without a voice and says why in `status`.
public enum ClipPackError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadableManifest(path: String, String)
    case malformedLine(path: String, line: Int, String)
    /// The grammar can ask for this clip and the pack's manifest has no line for it.
    case missingClip(locale: String, name: String)
    case unreadableClip(name: String, path: String, String)
    case badClip(name: String, path: String, WAVError)

    public var description: String {
        switch self {
        case .unreadableManifest(let path, let why): "cannot read \(path): \(why)"
        case .malformedLine(let path, let line, let why): "\(path):\(line): \(why)"
        case .missingClip(let locale, let name): "the \(locale) pack has no clip \"\(name)\", which the grammar needs"
        case .unreadableClip(let name, let path, let why): "clip \"\(name)\" (\(path)): \(why)"
        case .badClip(let name, let path, let why): "clip \"\(name)\" (\(path)): \(why)"
        }
    }
}
