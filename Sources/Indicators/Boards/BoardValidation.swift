/// Turns a decoded ``BoardFile`` into a ``BoardProfile``, collecting every problem so one edit
/// round fixes them all.
enum BoardValidation {
    static func profile(from file: BoardFile, expectedID: String?) -> Result<BoardProfile, Problems> {
        var problems: [String] = []
        if file.id.isEmpty || !file.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            problems.append("id \"\(file.id)\" must be letters, digits and '-'")
        }
        if let expectedID, expectedID != file.id {
            problems.append("id \"\(file.id)\" does not match the file name \"\(expectedID).json\"")
        }
        if file.outputs.isEmpty { problems.append("outputs: at least one output is needed") }
        var outputs: [OutputName: OutputBinding] = [:]
        for (key, entry) in file.outputs.sorted(by: { $0.key < $1.key }) {
            guard let output = OutputName(parsing: key), output.rawValue == key else {
                problems.append("outputs.\(key): not an output name (use buzzer or led.<colour>)")
                continue
            }
            switch binding(for: output, entry) {
            case .success(let binding): outputs[output] = binding
            case .failure(let problem): problems.append("outputs.\(key): \(problem.text)")
            }
        }
        problems += buzzerProblems(file.buzzer, outputs[.buzzer])
        // The same rule the configuration applies to a port it is given: a board the loader
        // accepts must never make the agent's configuration invalid.
        for (field, port) in [("serial.scanner", file.serial.scanner), ("serial.console", file.serial.console)]
        where !port.hasPrefix("/dev/") || port.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            || port.split(separator: "/").contains("..") {
            problems.append("\(field): \"\(port.debugDescription.dropFirst().dropLast())\" must be a device path under /dev/ (no control characters, no ..)")
        }
        var audio: AudioBinding?
        if let entry = file.audio {
            switch audioBinding(entry, outputs: outputs) {
            case .success(let binding): audio = binding
            case .failure(let problem): problems.append("audio: \(problem.text)")
            }
        }
        if let patterns = file.patterns {
            do throws(PatternBookError) {
                _ = try PatternBook.defaults.overriding(with: patterns)
            } catch {
                problems.append("patterns: \(error)")
            }
        }
        guard problems.isEmpty else { return .failure(Problems(list: problems)) }
        return .success(BoardProfile(
            id: file.id, name: file.name, compatible: file.compatible ?? [], buzzer: file.buzzer, outputs: outputs,
            scannerPort: file.serial.scanner, consolePort: file.serial.console, audio: audio, patterns: file.patterns ?? [:],
            unverified: file.unverified ?? [], notes: file.notes ?? ""))
    }

    static func audioBinding(_ entry: BoardFile.AudioEntry, outputs: [OutputName: OutputBinding]) -> Result<AudioBinding, Problem> {
        if let device = entry.device,
           device.isEmpty || device.count > 256 || device.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(Problem(text: "device must be an ALSA PCM name (default, hw:0,0 …), 1 to 256 printable characters"))
        }
        guard let amplifier = entry.amplifier else { return .success(AudioBinding(device: entry.device, amplifier: nil)) }
        if amplifier.chip.isEmpty || (amplifier.chip.hasPrefix("gpiochip") && amplifier.chip.dropFirst(8).allSatisfy(\.isNumber)) {
            return .failure(Problem(text: "amplifier.chip must be the gpiochip's label (gpiodetect shows it)"))
        }
        guard (amplifier.line != nil) != (amplifier.offset != nil), amplifier.line?.isEmpty != true else {
            return .failure(Problem(text: "amplifier needs \"line\" (name) or \"offset\", not both"))
        }
        let settle = amplifier.settleMs ?? 0
        guard (0...500).contains(settle) else { return .failure(Problem(text: "amplifier.settleMs \(settle) is outside 0…500")) }
        for (output, binding) in outputs {
            guard case .gpio(let line) = binding, line.chipLabel == amplifier.chip else { continue }
            if (line.offset != nil && line.offset == amplifier.offset) || (line.lineName != nil && line.lineName == amplifier.line) {
                return .failure(Problem(text: "the amplifier's line is \(output)'s line"))
            }
        }
        return .success(AudioBinding(device: entry.device, amplifier: AmplifierBinding(
            chipLabel: amplifier.chip, lineName: amplifier.line, offset: amplifier.offset, activeLow: amplifier.activeLow ?? false,
            settle: .milliseconds(settle))))
    }

    struct Problem: Error { var text: String }
    struct Problems: Error { var list: [String] }

    static func binding(for output: OutputName, _ entry: BoardFile.OutputEntry) -> Result<OutputBinding, Problem> {
        let unused = unusedFields(entry)
        if !unused.isEmpty {
            return .failure(Problem(text: "\(unused.joined(separator: ", ")) do not apply to kind \"\(entry.kind.rawValue)\""))
        }
        switch entry.kind {
        case .gpio:
            guard let chip = entry.chip, !chip.isEmpty else { return .failure(Problem(text: "gpio needs \"chip\" (the gpiochip label)")) }
            if chip.hasPrefix("gpiochip"), chip.dropFirst(8).allSatisfy(\.isNumber) {
                return .failure(Problem(text: "chip \"\(chip)\" is a chip number; use the chip's label (gpiodetect shows it), numbers change between kernels"))
            }
            guard entry.line != nil || entry.offset != nil else { return .failure(Problem(text: "gpio needs \"line\" (name) or \"offset\"")) }
            if entry.line?.isEmpty == true { return .failure(Problem(text: "\"line\" is empty")) }
            return .success(.gpio(GPIOLineBinding(output: output, chipLabel: chip, lineName: entry.line, offset: entry.offset,
                                                  activeLow: entry.activeLow ?? false)))
        case .ledClass:
            guard let led = entry.led, !led.isEmpty, !led.contains("/"), led != ".", led != ".." else {
                return .failure(Problem(text: "led-class needs \"led\": the name of a directory in /sys/class/leds"))
            }
            return .success(.ledClass(led))
        case .pwm:
            guard output.isBuzzer else { return .failure(Problem(text: "kind pwm is for the buzzer only")) }
            guard let chip = entry.chip, !chip.isEmpty, let channel = entry.channel, channel >= 0 else {
                return .failure(Problem(text: "pwm needs \"chip\" (pwmchipN or its device name) and \"channel\" (0 or more)"))
            }
            let frequency = entry.frequencyHz ?? 2700
            let duty = entry.dutyPercent ?? 50
            guard (20...20_000).contains(frequency) else { return .failure(Problem(text: "frequencyHz \(frequency) is outside 20…20000")) }
            guard (1...99).contains(duty) else { return .failure(Problem(text: "dutyPercent \(duty) is outside 1…99")) }
            return .success(.pwm(PWMBinding(output: output, chip: chip, channel: channel, frequencyHz: frequency, dutyPercent: duty)))
        case .simulated:
            return .success(.simulated)
        }
    }

    /// Fields set that the kind ignores: most likely a kind copied from the wrong template.
    static func unusedFields(_ entry: BoardFile.OutputEntry) -> [String] {
        let set: [(String, Bool)] = [
            ("chip", entry.chip != nil), ("line", entry.line != nil), ("offset", entry.offset != nil),
            ("activeLow", entry.activeLow != nil), ("led", entry.led != nil), ("channel", entry.channel != nil),
            ("frequencyHz", entry.frequencyHz != nil), ("dutyPercent", entry.dutyPercent != nil),
        ]
        let allowed: Set<String> = switch entry.kind {
        case .gpio: ["chip", "line", "offset", "activeLow"]
        case .ledClass: ["led"]
        case .pwm: ["chip", "channel", "frequencyHz", "dutyPercent"]
        case .simulated: []
        }
        return set.filter { $0.1 && !allowed.contains($0.0) }.map(\.0)
    }

    static func buzzerProblems(_ type: BoardProfile.BuzzerType, _ binding: OutputBinding?) -> [String] {
        switch (type, binding) {
        case (.none, nil), (.active, .gpio), (.active, .simulated), (.passive, .pwm), (.passive, .simulated):
            return []
        case (.none, _):
            return ["buzzer is \"none\" but outputs.buzzer is set"]
        case (_, nil):
            return ["buzzer is \"\(type.rawValue)\" but outputs.buzzer is missing"]
        case (.active, _):
            return ["an active buzzer is a GPIO line: outputs.buzzer needs kind gpio"]
        case (.passive, _):
            return ["a passive buzzer needs a PWM square wave: outputs.buzzer needs kind pwm"]
        }
    }
}
