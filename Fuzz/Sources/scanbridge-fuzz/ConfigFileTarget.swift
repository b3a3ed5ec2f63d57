import Agent
import Configuration
import Console

/// A provisioning or console file as the agent loads it (`ConfigurationStore.loadAgent`): parse,
/// layer over the defaults, validate with the agent's validator, build typed settings. Every
/// entry has a trimmed, non-empty key; the file the console would write for a parsed layer
/// parses back to the same values; and a load that refuses says which errors.
///
/// Input: the file's bytes.
enum ConfigFileTarget {
    static func run(_ data: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: data, as: UTF8.self)
        let (layer, issues) = ConfigFileFormat.parse(text, kind: .file, origin: "fuzz.conf")
        for (key, entry) in layer.entries {
            check(!key.isEmpty && key.trimmingBlanks == key && !key.contains("="), "key \(key.debugDescription)")
            check((entry.line ?? 0) >= 1, "entry without its line")
        }
        checkRoundTrip(layer)
        guard issues.isEmpty else { return }  // readLayer refuses the file

        // Settings come out, or every error does; a refusal without an error would leave the agent
        // with no configuration and nothing to tell the technician.
        do {
            _ = try AgentSettings.build(LayeredConfiguration(file: layer), validator: .agent)
        } catch {
            check(!error.errors.isEmpty, "refused with warnings only: \(error.issues)")
        }
    }

    /// `render` is what the console saves; reading it back must give the same values.
    static func checkRoundTrip(_ layer: ConfigurationLayer) {
        check(ConfigFileFormat.unwritableKeys(layer).isEmpty, "a value read from a file cannot be written back: \(ConfigFileFormat.unwritableKeys(layer))")
        let rendered = ConfigFileFormat.render(layer, header: "fuzz\nround trip")
        let (again, issues) = ConfigFileFormat.parse(rendered, kind: layer.kind, origin: "rendered")
        check(issues.isEmpty, "rendered file has issues: \(issues) \(rendered.debugDescription)")
        let before = layer.entries.mapValues(\.value)
        let after = again.entries.mapValues(\.value)
        check(before == after, "render/parse changed \(before) into \(after) via \(rendered.debugDescription)")
    }
}

extension String {
    var trimmingBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
