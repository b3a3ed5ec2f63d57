import Fleet
import FoundationEssentials
import Glibc
import POSIX

/// The office's copy of every payment record received: one JSON object per line, appended, never
/// rewritten. Deduplication happens on reading: at-least-once delivery, and a payment exported
/// again when its state changed, so per `paymentRequestId` (`refundRequestId` for refunds) the
/// record with the latest `updatedAt` wins.
struct PaymentArchive {
    let path: String

    func append(_ payloads: [[UInt8]]) throws {
        guard !payloads.isEmpty else { return }
        guard let file = fopen(path, "a") else { throw ToolError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { fclose(file) }
        for payload in payloads where !payload.contains(UInt8(ascii: "\n")) {
            _ = payload.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fputc(0x0A, file)
        }
        guard fflush(file) == 0 else { throw ToolError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    func deduplicated() throws -> [PaymentRecord] {
        guard let file = fopen(path, "r") else { return [] }
        defer { fclose(file) }
        var latest: [String: PaymentRecord] = [:]
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        let decoder = JSONDecoder()
        while getline(&line, &capacity, file) > 0, let line {
            guard let record = try? decoder.decode(PaymentRecord.self, from: Data(String(cString: line).utf8)) else { continue }
            if let kept = latest[record.dedupKey], kept.updatedAt >= record.updatedAt { continue }
            latest[record.dedupKey] = record
        }
        free(line)
        return Array(latest.values)
    }

    static let columns = ["type", "box", "paymentRequestId", "refundRequestId", "paymentId", "refundId", "state", "amountValue", "currency",
                          "wallet", "walletAmountValue", "walletCurrency", "createdAt", "updatedAt", "resultCode", "reason"]

    static func csv(_ records: [PaymentRecord]) -> String {
        func field(_ text: String?) -> String {
            guard let text else { return "" }
            return text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : text
        }
        var out = columns.joined(separator: ",") + "\n"
        for r in records {
            out += [r.type, r.box, r.paymentRequestId, r.refundRequestId, r.paymentId, r.refundId, r.state, r.amount.value, r.amount.currency,
                    r.wallet, r.walletAmount?.value, r.walletAmount?.currency, r.createdAtISO, r.updatedAtISO, r.resultCode, r.reason]
                .map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    static func json(_ records: [PaymentRecord]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(records)).map { String(decoding: $0, as: UTF8.self) } ?? "[]") + "\n"
    }
}

enum FileOutput {
    static func standardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { try? FileDescriptor(rawValue: 2).write($0) }
    }
}
