// Scan-path benchmark: decode + classify of one framed 24-digit payment code, against a naive
// String-splitting + Regex baseline measured in the same run. Prints medians and the ratio.
//
//   swift run -c release scanbridge-bench
import CMallocCounter
import Glibc
import ScanCode

let frame = Array("]C0251001020123456789012345\r\n".utf8)
let rounds = 21

/// Runs `batch` (which does `iterations` operations) once per round and returns the
/// per-operation median (ns) and the allocations per operation in the median round.
func measure(iterations: Int, _ batch: (Int) -> Int) -> (nanoseconds: Double, allocations: Double, checksum: Int) {
    var samples: [(Double, Double)] = []
    var checksum = 0
    for _ in 0..<rounds {
        let allocationsBefore = malloc_counter_allocations()
        let start = ContinuousClock.now
        checksum &+= batch(iterations)
        let elapsed = ContinuousClock.now - start
        let allocations = malloc_counter_allocations() - allocationsBefore
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        samples.append((nanoseconds / Double(iterations), Double(allocations) / Double(iterations)))
    }
    samples.sort { $0.0 < $1.0 }
    let median = samples[samples.count / 2]
    return (median.0, median.1, checksum)
}

// MARK: scanbridge: incremental decoder + allocation-free classifier

/// Feeds the frame `iterations` times, as consecutive reads from the port.
func decodeAndClassify(_ iterations: Int) -> Int {
    var decoder = FrameDecoder(rules: FramingRules(terminators: [.cr, .lf]))
    let classifier = CodeClassifier()
    var digits = 0
    frame.withUnsafeBytes { raw in
        for _ in 0..<iterations {
            decoder.feed(raw) { output in
                if case .frame(let decoded) = output, case .payment(let code) = classifier.classify(decoded) {
                    digits &+= code.length
                }
            }
        }
    }
    return digits
}

let fast = measure(iterations: 200_000, decodeAndClassify)

// MARK: naive baseline: what a first bridge script does

func naiveDecodeAndClassify(_ iterations: Int) -> Int {
    let paymentCode = /^(2[5-9]|30)\d{14,22}$/
    let aimPrefix = /^\][A-Za-z][0-9A-Za-z]/
    var digits = 0
    for _ in 0..<iterations {
        let text = String(decoding: frame, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\r" || $0 == "\n" }) {
            var data = String(line)
            if data.prefixMatch(of: aimPrefix) != nil { data = String(data.dropFirst(3)) }
            if data.wholeMatch(of: paymentCode) != nil { digits &+= data.count }
        }
    }
    return digits
}

let naive = measure(iterations: 5_000, naiveDecodeAndClassify)

guard fast.checksum == 24 * 200_000 * rounds, naive.checksum == 24 * 5_000 * rounds else {
    print("benchmark self-check failed: the two paths did not both find the code")
    exit(1)
}

func format(_ value: Double, _ decimals: Int = 1) -> String {
    let scale = Double([1, 10, 100, 1000][min(decimals, 3)])
    let rounded = (value * scale).rounded() / scale
    return "\(rounded)"
}

print("scan path: decode + classify one framed 24-digit code (\(frame.count) bytes), median of \(rounds) rounds")
print("  path                      ns/frame   allocations/frame")
print("  scanbridge decoder       \(format(fast.nanoseconds).padding(10))   \(format(fast.allocations, 3))")
print("  naive String + Regex     \(format(naive.nanoseconds).padding(10))   \(format(naive.allocations, 3))")
print("  speed-up                 \(format(naive.nanoseconds / fast.nanoseconds))×")

extension String {
    func padding(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
