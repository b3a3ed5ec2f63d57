import FlyingFox
import FlyingSocks
import POSIX

/// FlyingFox's socket pool with TCP_NODELAY switched on for every socket it handles.
///
/// FlyingFox writes a response's header and body in two writes and does not disable Nagle;
/// on a kept-alive connection the body then waits for the client's delayed ACK (40 ms on
/// Linux), which would make the simulator, not the client, dominate every warm-connection
/// measurement. Real acquirer front ends do not behave like that.
struct NoDelaySocketPool: AsyncSocketPool {
    let inner: any AsyncSocketPool

    func prepare() async throws { try await inner.prepare() }

    func run() async throws { try await inner.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        TCP.noDelay(FileDescriptor(rawValue: socket.file.rawValue))
        try await inner.suspendSocket(socket, untilReadyFor: events)
    }
}
