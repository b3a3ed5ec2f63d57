import POSIX
import FoundationEssentials

extension BoardProfile {
    /// Picks the profile whose `compatible` list names the running board, reading the device
    /// tree's NUL-separated compatible strings (most specific first). Nil when nothing matches
    /// (then configuration must name the board) or the file is absent (not a device-tree system).
    public static func detect(among profiles: some Collection<BoardProfile>,
                              compatibleFile: String = "/proc/device-tree/compatible") -> BoardProfile? {
        guard let data = try? WholeFile.read(compatibleFile, limit: 4096) else { return nil }
        let running = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        // The board's own string comes before the SoC's, so the first hit is the most specific.
        for entry in running {
            if let profile = profiles.sorted(by: { $0.id < $1.id }).first(where: { $0.compatible.contains(entry) }) {
                return profile
            }
        }
        return nil
    }
}
