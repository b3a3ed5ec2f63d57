import Glibc

/// Reads a small file whole: keys, board profiles, the device tree's compatible list, sysfs
/// attributes. A file over `limit` is refused rather than read into memory on a 256 MB box.
public enum WholeFile {
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        case cannotOpen(String, Errno)
        case cannotRead(String, Errno)
        case tooLarge(String, limit: Int)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let errno): "\(path): \(errno)"
            case .cannotRead(let path, let errno): "\(path): read failed: \(errno)"
            case .tooLarge(let path, let limit): "\(path): larger than \(limit) bytes"
            }
        }

        public var errno: Errno? {
            switch self {
            case .cannotOpen(_, let errno), .cannotRead(_, let errno): errno
            case .tooLarge: nil
            }
        }
    }

    public static func read(_ path: String, limit: Int = 1 << 20) throws(Failure) -> [UInt8] {
        let fd: FileDescriptor
        do throws(Errno) {
            fd = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
        } catch {
            throw .cannotOpen(path, error)
        }
        defer { fd.close() }
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let count: Int
            do throws(Errno) {
                count = try fd.read(into: chunk)
            } catch {
                throw .cannotRead(path, error)
            }
            if count == 0 { return bytes }
            guard bytes.count + count <= limit else { throw .tooLarge(path, limit: limit) }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// The file as UTF-8 text (invalid bytes become U+FFFD).
    public static func text(_ path: String, limit: Int = 1 << 20) throws(Failure) -> String {
        String(decoding: try read(path, limit: limit), as: UTF8.self)
    }
}
