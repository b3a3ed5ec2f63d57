#include <termios.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <fcntl.h>
#include <stdlib.h>

/* ioctl and open are C variadics, which Swift cannot call: one fixed-arity wrapper per use. */
static inline int ctermios_set_exclusive(int fd) { return ioctl(fd, TIOCEXCL); }
static inline int ctermios_clear_exclusive(int fd) { return ioctl(fd, TIOCNXCL); }
static inline int ctermios_bytes_waiting(int fd, int *n) { return ioctl(fd, FIONREAD, n); }
static inline int ctermios_open(const char *path, int flags) { return open(path, flags); }
#include <unistd.h>
#include <sys/prctl.h>
#include <signal.h>

/* pipe2 and pthread_setname_np need _GNU_SOURCE, which the Glibc module is not built with. */
static inline int ctermios_pipe_nonblocking(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
    }
    return 0;
}
/* Names the calling thread (shown by top -H and in crash dumps; 15 bytes at most). */
static inline int ctermios_name_this_thread(const char *name) { return prctl(PR_SET_NAME, name, 0, 0, 0); }
/* posix_openpt wants _XOPEN_SOURCE; ptsname_r wants _GNU_SOURCE. */
static inline int ctermios_open_pty_master(char *slave_path, size_t size) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, slave_path, size) != 0) { close(fd); return -1; }
    return fd;
}
/* Asks the kernel to send SIGTERM when the parent process dies (demo and test children). */
static inline int ctermios_exit_with_parent(void) { return prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0); }
