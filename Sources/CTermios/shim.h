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
