import Glibc
import POSIX
import Synchronization
import Testing

@Suite("POSIX layer")
struct POSIXTests {
    @Test func errnoKeepsItsValueAndReadsAsText() {
        #expect(Errno.noEntry.rawValue == ENOENT)
        #expect(Errno.noEntry.description == "No such file or directory (errno 2)")
        #expect(Errno.describe(EACCES) == "Permission denied (errno 13)")
    }

    @Test(arguments: [[], [0x00], [0xFF, 0x10, 0xAB], Array(0...255)] as [[UInt8]])
    func hexRoundTrips(bytes: [UInt8]) {
        let lower = Hex.encode(bytes)
        #expect(lower.count == bytes.count * 2)
        #expect(lower == lower.lowercased())
        #expect(Hex.decode(lower) == bytes)
        #expect(Hex.decode(Hex.encode(bytes, uppercase: true)) == bytes)
    }

    @Test func hexRefusesWhatIsNotHex() {
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.string(0x3F) == "3F" && Hex.string(0x3F, uppercase: false) == "3f")
        #expect(Hex.value(UInt8(ascii: "g")) == nil && Hex.byte(UInt8(ascii: "7"), UInt8(ascii: "f")) == 0x7F)
    }

    @Test func aWholeFileIsReadAndALargeOneRefused() throws {
        let path = "/tmp/posix-tests-\(getpid())-file"
        defer { unlink(path) }
        let text = String(repeating: "0123456789", count: 1000)  // more than one 4 KiB chunk
        let fd = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        _ = try Array(text.utf8).withUnsafeBytes { raw throws(Errno) in try fd.write(raw) }
        fd.close()
        #expect(try WholeFile.text(path) == text)
        #expect(throws: WholeFile.Failure.tooLarge(path, limit: 100)) { try WholeFile.read(path, limit: 100) }
        #expect(throws: WholeFile.Failure.cannotOpen(path + "-missing", .noEntry)) { try WholeFile.read(path + "-missing") }
    }

    @Test func aPipeWakesAPoll() throws {
        let (read, write) = try FileDescriptor.pipe()
        defer { read.close(); write.close() }
        var fds = [pollfd(fd: read.rawValue, events: Int16(POLLIN), revents: 0)]
        #expect(try FileDescriptor.poll(&fds, timeoutMilliseconds: 0) == 0)
        write.signal()
        #expect(try FileDescriptor.poll(&fds, timeoutMilliseconds: 1000) == 1)
        var byte: UInt8 = 0
        #expect(try withUnsafeMutableBytes(of: &byte) { raw throws(Errno) in try read.read(into: raw) } == 1)
        // Non-blocking: an empty pipe says EAGAIN rather than blocking the test.
        #expect(throws: Errno.wouldBlock) { _ = try withUnsafeMutableBytes(of: &byte) { raw throws(Errno) in try read.read(into: raw) } }
    }

    @Test func tcpListensConnectsSendsAndSeesThePeerGo() throws {
        let listener = try TCP.listen(port: 0)
        defer { listener.close() }
        let port = try #require(TCP.boundPort(listener))
        #expect(port > 0)
        let client = try TCP.connect(host: "127.0.0.1", port: port)
        let accepted = try #require(TCP.accept(listener, nonBlocking: false))
        #expect(accepted.peer == "127.0.0.1")
        #expect(TCP.sendAll(client, Array("hello".utf8)))
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = try buffer.withUnsafeMutableBytes { raw throws(Errno) in try accepted.fd.read(into: raw) }
        #expect(Array(buffer[..<count]) == Array("hello".utf8))
        #expect(TCP.isOpen(accepted.fd))
        TCP.reset(client)
        #expect(TCP.isOpen(accepted.fd) == false)
        accepted.fd.close()
        #expect(TCP.accept(listener, waitingAtMost: 10) == nil, "no second connection came")
    }

    @Test func aHeldPortRefusesConnections() throws {
        let held = try TCP.listen(port: 0, listening: false)
        defer { held.close() }
        let port = try #require(TCP.boundPort(held))
        #expect(throws: SocketError.system(operation: "connect 127.0.0.1:\(port)", Errno(ECONNREFUSED))) {
            _ = try TCP.connect(port: port)
        }
        #expect(throws: SocketError.invalidAddress("no such host.invalid:1")) { _ = try TCP.listen(host: "no such host.invalid", port: 1) }
    }

    @Test func aDatagramReachesAUnixSocket() throws {
        let path = "/tmp/posix-tests-\(getpid()).sock"
        unlink(path)
        defer { unlink(path) }
        let receiver = try UnixDatagram.bind(at: path)
        defer { receiver.close() }
        let fd = receiver.rawValue
        #expect(UnixDatagram.send(Array("READY=1".utf8), to: path))
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        #expect(count == 7 && Array(buffer[..<max(0, count)]) == Array("READY=1".utf8))
        #expect(UnixDatagram.send([1], to: path + "-missing") == false)
    }

    @Test func aDedicatedThreadRunsNamedAndIsJoined() throws {
        let seen = Mutex<String?>(nil)
        let thread = try DedicatedThread.start(name: "posix-test-thread-long-name") {
            let name = try? WholeFile.text("/proc/thread-self/comm")
            seen.withLock { $0 = name.map { String($0.prefix { $0 != "\n" }) } }
        }
        thread.join()
        #expect(seen.withLock { $0 } == "posix-test-thre", "the name is cut to the kernel's 15 bytes")
        let start = ContinuousClock.now
        DedicatedThread.sleep(.milliseconds(20))
        #expect(ContinuousClock.now - start >= .milliseconds(20))
    }
}
