import Testing
@testable import ScanCode

func classify(_ text: String, aim: AIMIdentifier? = nil) -> Classification {
    Array(text.utf8).withUnsafeBufferPointer { CodeClassifier().classify($0, aim: aim) }
}

func kind(_ result: Classification) -> PaymentCode.Kind? {
    if case .payment(let code) = result { return code.kind }
    return nil
}

@Suite("Code classifier")
struct CodeClassifierTests {
    @Test(arguments: [
        ("251001020123456789012345", PaymentCode.Kind.alipayPlus24),  // Alipay+ reference example shape
        ("281001029876543210987654", .alipayPlus24),
        ("301234020000000000000001", .alipayPlus24),
        ("28888888888888888", .alipayPlusLegacy),        // 17 digits, 28…
        ("288888888888888888", .alipayPlusLegacy),       // 18 digits, the SDKs' sample code
        ("2891234567890612345", .alipayPlusLegacy),      // 19 digits, 289…, 6th from last 6
        ("2812345678901234567", .alipayPlusLegacy),      // 19 digits, 28[0-8]…
        ("2512345678901234", .alipayCN),                 // 16 digits, 25…
        ("26123456789012345678901", .alipayCN),          // 23 digits, 26…
        ("251001990123456789012345", .alipayCN),         // 24 digits, business type not 02
        ("27123456789012345", .alipayCN),                // 17 digits, 27… (AlipayHK range)
    ])
    func paymentCodes(code: String, expected: PaymentCode.Kind) {
        #expect(kind(classify(code)) == expected)
        // The same digits in a QR or a Code 128 count the same.
        #expect(kind(classify(code, aim: AIMIdentifier(code: "Q", modifier: "1"))) == expected)
        #expect(kind(classify(code, aim: AIMIdentifier(code: "C", modifier: "0"))) == expected)
    }

    @Test(arguments: [
        ("4006381333931", Rejection.productBarcode(.eanUPC)),   // EAN-13, valid check digit
        ("5901234123457", .productBarcode(.eanUPC)),
        ("036000291452", .productBarcode(.eanUPC)),             // UPC-A
        ("96385074", .productBarcode(.eanUPC)),                 // EAN-8
        ("134567890123456789", .walletNotAccepted(.wechatPay)), // 18 digits, 10–15
        ("101234567890123456", .walletNotAccepted(.wechatPay)),
        ("6212345678901234567", .walletNotAccepted(.unionPay)), // 19 digits, 62
        ("12345", .wrongLength(5)),
        ("4006381333932", .wrongLength(13)),                    // EAN-13 shape, wrong check digit
        ("2510010201234567890123456", .wrongLength(25)),        // Alipay+ reserved length
        ("251234567890123", .wrongLength(15)),                  // too short for AlipayCN
        ("123456789012345678901234", .wrongLength(24)),         // 24 digits, wrong prefix
        ("https://example.com/menu", .url),
        ("weixin://wxpay/bizpayurl?pr=abc", .url),
        ("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A", .merchantQR),
        ("hello world", .notAPaymentCode),
        ("25100102012345678901234X", .notAPaymentCode),
        ("   ", .empty),
        ("", .empty),
    ])
    func rejections(text: String, expected: Rejection) {
        #expect(classify(text) == .rejected(expected))
    }

    @Test func eanIdentifierMeansProductWhateverTheDigits() {
        #expect(classify("251001020123456789012345", aim: AIMIdentifier(code: "E", modifier: "0")) == .rejected(.productBarcode(.eanUPC)))
    }

    @Test func paddingSpacesAreIgnored() {
        #expect(kind(classify("  251001020123456789012345 ")) == .alipayPlus24)
    }

    @Test func rejectionsReadWellForTheMerchant() {
        #expect(Rejection.walletNotAccepted(.wechatPay).description == "WeChat Pay codes are not accepted here")
        #expect(Rejection.wrongLength(12).description == "12 digits: not a payment code")
    }
}

@Suite("Payment code value")
struct PaymentCodeTests {
    @Test func keepsItsDigitsAndMasksAllButSixAndFour() throws {
        let code = try #require(PaymentCode("251001020123456789012345"))
        #expect(code.digits == "251001020123456789012345")
        #expect(code.masked == "251001**************2345")
        #expect("\(code)" == code.masked, "string interpolation must never show the full code")
        #expect(code.length == 24)
        #expect(code.digit(at: 0) == 2 && code.digit(at: 23) == 5 && code.digit(at: 16) == 8)
    }

    @Test func shortestCodeMasksItsMiddle() throws {
        let code = try #require(PaymentCode("2512345678901234"))
        #expect(code.masked == "251234******1234")
    }

    @Test func equalityFollowsTheDigits() throws {
        let a = try #require(PaymentCode("281001029876543210987654"))
        let b = try #require(PaymentCode("281001029876543210987654"))
        let c = try #require(PaymentCode("281001029876543210987655"))
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(PaymentCode("288888888888888888") != PaymentCode("2888888888888888880"))
    }

    @Test func digitsSurvivePackingAtEveryLength() {
        var rng = SplitMix64(seed: 24)
        for length in 16...24 {
            for _ in 0..<50 {
                let tail = (2..<length).map { _ in Character(String(rng.next() % 10)) }
                let text = "26" + String(tail)
                #expect(PaymentCode(text)?.digits == text)
            }
        }
    }

    @Test func longDigitRunsAreWrongLengthNotPaymentCodes() {
        #expect(classify(String(repeating: "2", count: 32)) == .rejected(.wrongLength(32)))
        #expect(classify(String(repeating: "2", count: 33)) == .rejected(.wrongLength(33)))
        #expect(classify(String(repeating: "2", count: 40) + "x") == .rejected(.notAPaymentCode))
    }

    @Test func textThatIsNoPaymentCodeGivesNil() {
        #expect(PaymentCode("4006381333931") == nil)
        #expect(PaymentCode("not a code") == nil)
    }
}
