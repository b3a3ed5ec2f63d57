// swift-tools-version:6.0
//
// libFuzzer targets for scanbridge's parsers (issue #9). A package of its own, so that the main
// package's `swift build --build-tests` never sees an executable that only links with
// `-sanitize=fuzzer`. Build and run through scripts/fuzz; see Fuzz/README.md.
import PackageDescription

let package = Package(
    name: "scanbridge-fuzz",
    dependencies: [.package(name: "scanbridge", path: "..")],
    targets: [
        // One binary for every target (SCANBRIDGE_FUZZ_TARGET picks one): the instrumented
        // modules compile and link once, which is most of the build time.
        .executableTarget(
            name: "scanbridge-fuzz",
            dependencies: [
                .product(name: "ScanCode", package: "scanbridge"),
                .product(name: "Money", package: "scanbridge"),
                .product(name: "PaymentModel", package: "scanbridge"),
                .product(name: "Antom", package: "scanbridge"),
                .product(name: "POSLink", package: "scanbridge"),
                .product(name: "Configuration", package: "scanbridge"),
                .product(name: "Indicators", package: "scanbridge"),
                .product(name: "Console", package: "scanbridge"),
                .product(name: "Voice", package: "scanbridge"),
                .product(name: "Fleet", package: "scanbridge"),
                .product(name: "Agent", package: "scanbridge"),
            ]
        ),
    ]
)
