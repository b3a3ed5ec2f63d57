/// A sound device looked at without playing: for the benchmark's open cost and for a technician's
/// check that a PCM name is right.
public enum SoundDevice {
    /// Opens and configures `device` as the speaker would, then closes it; the error if it fails.
    public static func check(_ device: String) -> ALSAError? {
        do throws(ALSAError) {
            _ = try PCMPlayback(device: device)
            return nil
        } catch {
            return error
        }
    }
}
