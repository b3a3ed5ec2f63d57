import CALSA

/// The sample format of every clip and phrase: 16 kHz, mono, signed 16-bit. 16 kHz is what the
/// soundboxes' amplifiers and 1–3 W speakers reproduce; a phrase of 3 s is 96 KB.
public enum PCMFormat {
    public static let sampleRate = 16_000
    public static let channels = 1
}

/// One ALSA playback stream, and every libasound call the agent makes. Owned by the speaker's
/// thread: a handle is never shared, and each call blocks only that thread.
final class PCMPlayback {
    let device: String
    private let pcm: OpaquePointer

    /// The device's buffer: how far ahead of the speaker the samples are written. On the emulated
    /// board a 100 ms buffer written 50 ms at a time underran once in a phrase (a 20 ms hole,
    /// while the payment's own threads had the two CPUs); 400 ms written 100 ms at a time holds
    /// a stall of 300 ms. It costs no latency: the whole phrase is in memory, so the buffer fills
    /// at once and playback starts.
    static let bufferMicroseconds: UInt32 = 400_000
    /// Frames per write (100 ms): the first one in the device is what the latency benchmark times.
    static let chunkFrames = 1600

    private static let quiet: Void = sba_alsa_quiet_errors()

    /// Opens and configures `device` (an ALSA PCM name: `default`, `hw:0,0`, `plughw:1`, or a
    /// plugin such as `file:'/tmp/out.raw',raw`).
    init(device: String) throws(ALSAError) {
        _ = Self.quiet
        var handle: OpaquePointer?
        // Non-blocking open, so a device another program holds fails at once (EBUSY) instead of
        // hanging the speaker; writes then block as usual.
        let opened = snd_pcm_open(&handle, device, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK)
        guard opened >= 0, let handle else { throw ALSAError(.open, device: device, code: opened) }
        let blocking = snd_pcm_nonblock(handle, 0)
        guard blocking >= 0 else {
            snd_pcm_close(handle)
            throw ALSAError(.configure, device: device, code: blocking)
        }
        // Soft resampling on: a card that only does 44.1/48 kHz is served through ALSA's `plug`.
        let configured = snd_pcm_set_params(handle, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED,
                                            UInt32(PCMFormat.channels), UInt32(PCMFormat.sampleRate), 1, Self.bufferMicroseconds)
        guard configured >= 0 else {
            snd_pcm_close(handle)
            throw ALSAError(.configure, device: device, code: configured)
        }
        self.device = device
        pcm = handle
    }

    deinit { snd_pcm_close(pcm) }

    /// Writes every sample, calling `started` once the first chunk is in the device's buffer,
    /// then waits until the last has been played. An underrun (EPIPE) or a suspend is recovered
    /// and the write goes on; any other error ends the phrase.
    /// - Returns: how many underruns were recovered on the way (each is a short hole in the sound).
    @discardableResult
    func play(_ samples: [Int16], started: () -> Void) throws(ALSAError) -> Int {
        var offset = 0
        var announced = false
        var underruns = 0
        while offset < samples.count {
            let count = min(Self.chunkFrames, samples.count - offset)
            let written = samples.withUnsafeBufferPointer { buffer in
                snd_pcm_writei(pcm, buffer.baseAddress! + offset, snd_pcm_uframes_t(count))
            }
            if written < 0 {
                let recovered = snd_pcm_recover(pcm, Int32(written), 1)
                guard recovered >= 0 else { throw ALSAError(.write, device: device, code: Int32(written)) }
                underruns += 1
                continue
            }
            offset += Int(written)
            if !announced {
                announced = true
                started()
            }
        }
        let drained = snd_pcm_drain(pcm)
        // After a drain the stream is stopped; prepare it for the next phrase now, not then.
        let prepared = snd_pcm_prepare(pcm)
        guard drained >= 0 else { throw ALSAError(.drain, device: device, code: drained) }
        guard prepared >= 0 else { throw ALSAError(.drain, device: device, code: prepared) }
        return underruns
    }
}
