/// The C shim: Linux headers Glibc's module map leaves out, and wrappers for calls hidden behind _GNU_SOURCE.
#ifndef CFAULTLINE_LINUX_H
#define CFAULTLINE_LINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/signalfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/// splice(2): moves up to `len` bytes between a pipe and a socket without a user-space copy.
ssize_t cfl_splice(int fd_in, int fd_out, size_t len, unsigned int flags);
/// pipe2(2) with O_NONBLOCK | O_CLOEXEC.
int cfl_pipe_nonblocking(int fds[2]);
/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC; `addr`/`len` may be NULL.
int cfl_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);
/// fcntl(F_SETPIPE_SZ): resizes a pipe; returns the new size or -1.
int cfl_set_pipe_size(int fd, int size);
/// pipe2(2) with O_CLOEXEC only: a child's stdout must stay blocking, so the caller makes just its own end non-blocking.
int cfl_pipe_cloexec(int fds[2]);
/// pidfd_open(2): a descriptor that becomes readable when the process exits (close-on-exec), or -1.
int cfl_pidfd_open(pid_t pid);
/// CPUs in this process's affinity mask (sched_getaffinity), or -1.
int cfl_usable_cpus(void);
/// gettid(2): the calling thread's id (per-thread nice values are set by it).
pid_t cfl_gettid(void);
/// malloc_trim(0): returns freed heap memory of every arena to the kernel; 1 if any was released.
int cfl_malloc_trim(void);
/// mallopt(M_MMAP_THRESHOLD / M_TRIM_THRESHOLD): allocations up to `mmap_threshold` come from the arenas, which
/// keep up to `trim_threshold` free at their top; returns 1 when both were set.
int cfl_tune_malloc(int mmap_threshold, int trim_threshold);
/// The layout of glibc's `struct mmsghdr`, which it declares only under _GNU_SOURCE (the .c file checks the two
/// agree): one datagram of a recvmmsg/sendmmsg batch and the bytes it moved.
struct cfl_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};
/// recvmmsg(2) without a timeout: up to `n` datagrams in one call; returns how many, or -1.
int cfl_recvmmsg(int fd, struct cfl_mmsghdr *msgs, unsigned int n, int flags);
/// sendmmsg(2): up to `n` datagrams in one call; returns how many were sent, or -1 when the first failed.
int cfl_sendmmsg(int fd, struct cfl_mmsghdr *msgs, unsigned int n, int flags);
/// The SPLICE_F_* flags, which are hidden behind _GNU_SOURCE too.
extern const unsigned int cfl_splice_move;
extern const unsigned int cfl_splice_nonblock;
extern const unsigned int cfl_splice_more;

#endif
