// The fuzzer's entry. SwiftPM renames an executable's `main` (it links `--defsym main=<module>_main`),
// which would hide libFuzzer's own `main`; so this top-level code is the program's main and
// hands libFuzzer the loop through `LLVMFuzzerRunDriver`, with the target named in the environment.
#if canImport(Glibc)
import Glibc
#endif

guard let name = getenv("SCANBRIDGE_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTargets.named(name) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: " ")
    print("scanbridge-fuzz: set SCANBRIDGE_FUZZ_TARGET to one of: \(names)")
    exit(2)
}
FuzzTargets.select(target)
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
