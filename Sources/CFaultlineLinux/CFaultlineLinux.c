// The only C we own: wrappers around calls Swift cannot see without _GNU_SOURCE (kept out of the header on purpose).
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stddef.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "CFaultlineLinux.h"

ssize_t cfl_splice(int fd_in, int fd_out, size_t len, unsigned int flags) {
    return splice(fd_in, NULL, fd_out, NULL, len, flags);
}

int cfl_pipe_nonblocking(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC); }

int cfl_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cfl_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cfl_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

pid_t cfl_gettid(void) { return (pid_t)syscall(SYS_gettid); }

int cfl_malloc_trim(void) { return malloc_trim(0); }

int cfl_tune_malloc(int mmap_threshold, int trim_threshold) {
    return mallopt(M_MMAP_THRESHOLD, mmap_threshold) == 1 && mallopt(M_TRIM_THRESHOLD, trim_threshold) == 1;
}

int cfl_set_pipe_size(int fd, int size) { return fcntl(fd, F_SETPIPE_SZ, size); }

_Static_assert(sizeof(struct cfl_mmsghdr) == sizeof(struct mmsghdr), "cfl_mmsghdr must be mmsghdr's layout");
_Static_assert(offsetof(struct cfl_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "msg_len offset");

int cfl_recvmmsg(int fd, struct cfl_mmsghdr *msgs, unsigned int n, int flags) {
    return recvmmsg(fd, (struct mmsghdr *)msgs, n, flags, NULL);
}

int cfl_sendmmsg(int fd, struct cfl_mmsghdr *msgs, unsigned int n, int flags) {
    return sendmmsg(fd, (struct mmsghdr *)msgs, n, flags);
}

const unsigned int cfl_splice_move = SPLICE_F_MOVE;
const unsigned int cfl_splice_nonblock = SPLICE_F_NONBLOCK;
const unsigned int cfl_splice_more = SPLICE_F_MORE;

int cfl_usable_cpus(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
}
