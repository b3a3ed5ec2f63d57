import Configuration
import Testing

@Suite("Key names")
struct KeyNameTests {
    /// Each name is defined once, in `KeyName`; the catalog describes every one of them and
    /// nothing else besides the per-event pattern keys it makes from `indicatorEvents`.
    @Test func theCatalogDescribesEveryNamedKeyOnce() {
        let catalog = ConfigKey.catalog.map(\.name)
        let patterns = ConfigKey.indicatorEvents.map { "indicators.pattern.\($0)" }
        for name in KeyName.allCases {
            #expect(catalog.filter { $0 == name.rawValue }.count == 1, "\(name.rawValue)")
        }
        #expect(Set(catalog) == Set(KeyName.allCases.map(\.rawValue) + patterns))
        #expect(catalog.count == KeyName.allCases.count + patterns.count)
    }
}
