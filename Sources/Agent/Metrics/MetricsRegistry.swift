import Synchronization

/// The agent's counters, gauges and one latency histogram, rendered in the Prometheus text
/// format. Small on purpose: a box exports a few dozen series, written to node_exporter's
/// textfile directory; no client library is worth its build time for that.
public final class MetricsRegistry: Sendable {
    private let state = Mutex(State())

    private struct State {
        var counters: [SeriesKey: Double] = [:]
        var gauges: [SeriesKey: Double] = [:]
        var histograms: [String: Histogram] = [:]
        var help: [String: (type: String, text: String)] = [:]
    }

    struct SeriesKey: Hashable, Comparable {
        let name: String
        let labels: [String: String]

        var rendered: String {
            guard !labels.isEmpty else { return name }
            let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }
            return "\(name){\(pairs.joined(separator: ","))}"
        }

        static func < (a: SeriesKey, b: SeriesKey) -> Bool { a.rendered < b.rendered }
    }

    struct Histogram {
        let bounds: [Double]
        var buckets: [Int]
        var sum = 0.0
        var count = 0
    }

    public init() {}

    /// Declares a series' HELP text and type; an undeclared series is rendered as `untyped`.
    public func describe(_ name: String, type: String, help: String) {
        state.withLock { $0.help[name] = (type, help) }
    }

    public func increment(_ name: String, labels: [String: String] = [:], by amount: Double = 1) {
        state.withLock { $0.counters[SeriesKey(name: name, labels: labels), default: 0] += amount }
    }

    public func set(_ name: String, labels: [String: String] = [:], to value: Double) {
        state.withLock { $0.gauges[SeriesKey(name: name, labels: labels)] = value }
    }

    /// Records one observation (seconds) in a histogram with the given upper bounds.
    public func observe(_ name: String, seconds: Double, bounds: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) {
        state.withLock { state in
            var histogram = state.histograms[name] ?? Histogram(bounds: bounds, buckets: Array(repeating: 0, count: bounds.count))
            for (index, bound) in histogram.bounds.enumerated() where seconds <= bound { histogram.buckets[index] += 1 }
            histogram.sum += seconds
            histogram.count += 1
            state.histograms[name] = histogram
        }
    }

    /// The Prometheus text exposition format (version 0.0.4), series sorted for stable output.
    public func render() -> String {
        state.withLock { state in
            var lines: [String] = []
            var described = Set<String>()
            func header(_ name: String, _ fallback: String) {
                guard described.insert(name).inserted else { return }
                let entry = state.help[name]
                if let entry { lines.append("# HELP \(name) \(entry.text)") }
                lines.append("# TYPE \(name) \(entry?.type ?? fallback)")
            }
            for (key, value) in state.counters.sorted(by: { $0.key < $1.key }) {
                header(key.name, "counter")
                lines.append("\(key.rendered) \(format(value))")
            }
            for (key, value) in state.gauges.sorted(by: { $0.key < $1.key }) {
                header(key.name, "gauge")
                lines.append("\(key.rendered) \(format(value))")
            }
            for (name, histogram) in state.histograms.sorted(by: { $0.key < $1.key }) {
                header(name, "histogram")
                for (index, bound) in histogram.bounds.enumerated() {
                    lines.append("\(name)_bucket{le=\"\(format(bound))\"} \(histogram.buckets[index])")
                }
                lines.append("\(name)_bucket{le=\"+Inf\"} \(histogram.count)")
                lines.append("\(name)_sum \(format(histogram.sum))")
                lines.append("\(name)_count \(histogram.count)")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

func escape(_ value: String) -> String {
    value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
}

func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
