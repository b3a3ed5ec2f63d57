/// What the demo's simulated scanner does, in order: the reads a shop counter really sees.
enum DemoScript {
    struct Step {
        let title: String
        let action: Action
    }

    enum Action {
        case send([UInt8])
        case drip([UInt8])
        case replug
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let steps: [Step] = [
        Step(title: "Customer shows an Alipay+ code as a Code 128 barcode",
             action: .send(bytes("]C0251001020123456789012345\r\n"))),
        Step(title: "The scanner reads the same phone screen again",
             action: .send(bytes("]C0251001020123456789012345\r\n"))),
        Step(title: "A fresh code shown as a QR",
             action: .send(bytes("]Q1281001029876543210987654\r\n"))),
        Step(title: "A legacy 18-digit Alipay code",
             action: .send(bytes("]C0288888888888888888\r\n"))),
        Step(title: "Someone scans a product barcode (EAN-13)",
             action: .send(bytes("]E04006381333931\r\n"))),
        Step(title: "A shop's website QR", action: .send(bytes("]Q1https://example.com/menu\r\n"))),
        Step(title: "A WeChat Pay code", action: .send(bytes("]C0134567890123456789\r\n"))),
        Step(title: "Line noise", action: .send([0x00, 0xFF, 0x1B, 0x5B, 0x32, 0x4A, 0x0D, 0x0A])),
        Step(title: "A 2 KiB line with no end in sight",
             action: .send(Array(repeating: UInt8(ascii: "7"), count: 2048) + [0x0D, 0x0A])),
        Step(title: "A slow UART delivers a code byte by byte",
             action: .drip(bytes("]C0263001021122334455667788\r\n"))),
        Step(title: "The scanner cable is pulled and plugged back in", action: .replug),
        Step(title: "After the replug: another customer pays",
             action: .send(bytes("]Q1271234020011223344556677\r\n"))),
    ]
}
