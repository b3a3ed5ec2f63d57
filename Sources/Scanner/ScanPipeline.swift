import ScanCode
import SerialIO

/// Bytes in, scan events out: frame decoder, classifier and duplicate filter in the order a read
/// passes through them. It is the `PortReader`'s delegate, so every call comes from the reader
/// thread and nothing here locks.
final class ScanPipeline: PortReaderDelegate, @unchecked Sendable {
    private var decoder: FrameDecoder
    private let classifier = CodeClassifier()
    private var duplicates: DuplicateFilter
    private let emit: @Sendable (ScanEvent) -> Void
    let quietTimeout: Duration?

    init(profile: ScannerProfile, duplicateWindow: Duration, emit: @escaping @Sendable (ScanEvent) -> Void) {
        self.decoder = FrameDecoder(rules: profile.framing)
        self.duplicates = DuplicateFilter(window: duplicateWindow)
        self.quietTimeout = profile.interByteTimeout
        self.emit = emit
    }

    var counters: DecoderCounters { decoder.counters }

    func portDidOpen(path: String) {
        emit(ScanEvent(.scannerConnected(path: path)))
    }

    func portDidClose(_ error: SerialPortError) {
        // Half a frame from before the hang-up must not be glued to the first frame after it.
        decoder.reset()
        emit(ScanEvent(.scannerDisconnected(error)))
    }

    func portDidReceive(_ bytes: UnsafeRawBufferPointer) {
        decoder.feed(bytes, handle)
    }

    func portWentQuiet() {
        decoder.flush(handle)
    }

    private func handle(_ output: DecoderOutput) {
        let now = ContinuousClock.now
        switch output {
        case .dropped(let reason):
            emit(ScanEvent(.dropped(reason), at: now))
        case .frame(let frame):
            switch classifier.classify(frame) {
            case .payment(let code):
                let fresh = duplicates.admit(code, at: now)
                emit(ScanEvent(fresh ? .paymentCode(code) : .duplicate(code), symbology: frame.aim, at: now))
            case .rejected(let reason):
                emit(ScanEvent(.rejected(reason, preview: SafePreview.of(frame.payload)), symbology: frame.aim, at: now))
            }
        }
    }
}
