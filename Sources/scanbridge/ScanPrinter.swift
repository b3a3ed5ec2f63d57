import ScanCode
import Scanner

/// One line per scan event, for `scan` and the demo. Payment codes are shown masked.
struct ScanPrinter: Sendable {
    func line(for event: ScanEvent) -> String {
        let symbol = event.symbology.map { "  (\($0.symbology.rawValue), AIM \($0))" } ?? ""
        switch event.kind {
        case .paymentCode(let code):
            return "PAYMENT CODE  \(code.masked)  \(code.kind.rawValue), \(code.length) digits\(symbol)"
        case .duplicate(let code):
            return "duplicate     \(code.masked)  ignored (read again within the window)"
        case .rejected(let reason, let preview):
            return "rejected      \"\(preview)\"  \(reason)\(symbol)"
        case .dropped(let reason):
            return "dropped       \(describe(reason))"
        case .scannerConnected(let path):
            return "scanner       connected at \(path)"
        case .scannerDisconnected(let error):
            return "scanner       disconnected: \(error)"
        }
    }

    func print(_ event: ScanEvent) {
        Swift.print(line(for: event))
    }

    private func describe(_ reason: DroppedFrame) -> String {
        switch reason {
        case .oversize(let length): "oversize frame (\(length) bytes) discarded"
        case .controlByte(let byte): "frame with control byte 0x\(String(byte, radix: 16)) discarded"
        case .nonASCII(let byte): "frame with non-ASCII byte 0x\(String(byte, radix: 16)) discarded"
        case .deviceReply: "scanner command reply"
        }
    }
}
