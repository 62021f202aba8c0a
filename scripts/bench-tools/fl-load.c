// fl-load: loopback load generator and peer servers for scripts/bench (built with gcc -O2 at bench time).
//
// Servers:  fl-load echo-server PORT            epoll echo server (many idle connections are cheap)
//           fl-load bulk-server PORT            per connection: 'U'+u64 n: read n bytes, reply 'K';
//                                                               'D'+u64 n: send n bytes, then close
//           fl-load stream-server PORT          the bulk server's 'D' requests on one epoll thread: many downloads
//                                                   without a thread each for the scheduler to juggle
// Clients:  fl-load upload HOST PORT BYTES CONNS    aggregate throughput of CONNS uploads (bytes/s)
//           fl-load download HOST PORT BYTES CONNS  aggregate throughput of CONNS downloads (bytes/s)
//           fl-load download-epoll HOST PORT BYTES CONNS  the same download, every connection on one epoll thread
//           fl-load pingpong HOST PORT SIZE COUNT [WARMUP [CONNS [PERIOD_US]]]
//                                                   round trips on CONNS connections at once (default 1),
//                                                   each starting a round trip every PERIOD_US (default: back to back);
//                                                   prints min/p50/p90/p99/max in ns and every sample
//           fl-load pingpong-many HOST PORT CONNS COUNT PERIOD_US
//                                                   CONNS connections from one polling thread, each sending 1 byte
//                                                   every PERIOD_US (phases spread) COUNT times; prints percentiles
//                                                   and every sample.
//                                                   Between sends it sleeps in epoll (ns timeout): on 2 cores a
//                                                   polling client left one core to the proxy and the server.
//           fl-load connrate HOST PORT SECONDS      short connections (connect, 1 B echo, close) per second
//           fl-load idle HOST PORT N                open N echo connections, print "ready", hold until stdin closes
//           fl-load admin HOST PORT SECONDS PERIOD_US PROXY
//                                                   one keep-alive admin connection: every PERIOD_US a GET /version,
//                                                   then POST and DELETE of a latency-0 toxic on PROXY; prints
//                                                   p50/p99/max of each kind in ns
// DNS:      fl-load dns-server PORT                 UDP responder: answers any query with one A record (127.0.0.1)
//           fl-load dns-qps HOST PORT SECONDS INFLIGHT NAME   UDP queries for NAME/A with INFLIGHT outstanding;
//                                                   answers per second (lost queries are re-sent after 200 ms)
//           fl-load dns-latency HOST PORT COUNT NAME  sequential UDP queries; p50/p90/p99/max in ns
// Output: one JSON object per run on stdout.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void die(const char *what) { perror(what); exit(2); }

static void nodelay(int fd) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
    if (listen(fd, 16384) != 0) die("listen");
    return fd;
}

static int dial(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return -1; }
    nodelay(fd);
    return fd;
}

static int write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w; n -= (size_t)w;
    }
    return 0;
}

// FL_LOAD_SPIN=1: wait for data by polling instead of sleeping, so that measuring a 100 ms delay does not
// also measure this client's own wake-up from a long sleep (200-300 us on a VM).
static int spin_reads = -1;

static int read_all(int fd, void *buf, size_t n) {
    char *p = buf;
    if (spin_reads < 0) spin_reads = getenv("FL_LOAD_SPIN") != NULL;
    while (n > 0) {
        ssize_t r = spin_reads ? recv(fd, p, n, MSG_DONTWAIT) : read(fd, p, n);
        if (r < 0 && spin_reads && (errno == EAGAIN || errno == EWOULDBLOCK)) continue;
        if (r < 0) { if (errno == EINTR) continue; return -1; }
        if (r == 0) return -1;
        p += r; n -= (size_t)r;
    }
    return 0;
}

// ---------- servers ----------

static __attribute__((noreturn)) void echo_server(int port) {
    int lfd = listen_on(port);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    static char buf[256 * 1024];
    struct epoll_event events[512];
    printf("{\"listening\":%d}\n", port);
    fflush(stdout);
    for (;;) {
        int n = epoll_wait(ep, events, 512, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                if (c < 0) continue;
                nodelay(c);
                struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                continue;
            }
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) { close(fd); continue; }
            if (write_all(fd, buf, (size_t)r) != 0) close(fd);
        }
    }
}

static void *bulk_conn(void *arg) {
    int fd = (int)(intptr_t)arg;
    char op;
    uint64_t n;
    if (read_all(fd, &op, 1) != 0 || read_all(fd, &n, 8) != 0) { close(fd); return NULL; }
    static __thread char buf[1 << 20];
    if (op == 'U') {
        uint64_t got = 0;
        while (got < n) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) break;
            got += (uint64_t)r;
        }
        write_all(fd, "K", 1);
    } else if (op == 'D') {
        memset(buf, 'x', sizeof buf);
        uint64_t sent = 0;
        while (sent < n) {
            size_t chunk = n - sent < sizeof buf ? (size_t)(n - sent) : sizeof buf;
            if (write_all(fd, buf, chunk) != 0) break;
            sent += chunk;
        }
        shutdown(fd, SHUT_WR);
        while (read(fd, buf, sizeof buf) > 0) {}
    }
    close(fd);
    return NULL;
}

static __attribute__((noreturn)) void bulk_server(int port) {
    int lfd = listen_on(port);
    printf("{\"listening\":%d}\n", port);
    fflush(stdout);
    for (;;) {
        int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) continue;
        nodelay(c);
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_create(&t, &attr, bulk_conn, (void *)(intptr_t)c);
        pthread_attr_destroy(&attr);
    }
}

// ---------- clients ----------

struct bulk_job { const char *host; int port; char op; uint64_t bytes; int ok; };

static void *bulk_client(void *arg) {
    struct bulk_job *job = arg;
    int fd = dial(job->host, job->port);
    if (fd < 0) return NULL;
    static __thread char buf[1 << 20];
    memset(buf, 'y', sizeof buf);
    if (write_all(fd, &job->op, 1) != 0 || write_all(fd, &job->bytes, 8) != 0) { close(fd); return NULL; }
    if (job->op == 'U') {
        uint64_t sent = 0;
        while (sent < job->bytes) {
            size_t chunk = job->bytes - sent < sizeof buf ? (size_t)(job->bytes - sent) : sizeof buf;
            if (write_all(fd, buf, chunk) != 0) { close(fd); return NULL; }
            sent += chunk;
        }
        char k;
        job->ok = read_all(fd, &k, 1) == 0 && k == 'K';
    } else {
        uint64_t got = 0;
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r <= 0) break;
            got += (uint64_t)r;
        }
        job->ok = got == job->bytes;
    }
    close(fd);
    return NULL;
}

static int bulk(const char *host, int port, char op, uint64_t bytes, int conns) {
    pthread_t threads[256];
    struct bulk_job jobs[256];
    if (conns > 256) conns = 256;
    double start = now_s();
    for (int i = 0; i < conns; i++) {
        jobs[i] = (struct bulk_job){host, port, op, bytes, 0};
        pthread_create(&threads[i], NULL, bulk_client, &jobs[i]);
    }
    int ok = 1;
    for (int i = 0; i < conns; i++) { pthread_join(threads[i], NULL); ok &= jobs[i].ok; }
    double elapsed = now_s() - start;
    printf("{\"bytes\":%llu,\"seconds\":%.6f,\"bytes_per_second\":%.1f,\"ok\":%s}\n",
           (unsigned long long)(bytes * conns), elapsed, bytes * conns / elapsed, ok ? "true" : "false");
    return ok ? 0 : 1;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

struct pp_job { const char *host; int port; int size; int count; int warmup; uint64_t *samples; int ok; long period_us; int index; };

static void *pingpong_conn(void *arg) {
    struct pp_job *job = arg;
    int fd = dial(job->host, job->port);
    if (fd < 0) return NULL;
    char *buf = malloc((size_t)job->size);
    memset(buf, 'p', (size_t)job->size);
    for (int i = 0; i < job->warmup; i++) {
        if (write_all(fd, buf, (size_t)job->size) || read_all(fd, buf, (size_t)job->size)) goto out;
    }
    uint64_t next = now_ns() + (job->period_us > 0 ? (uint64_t)job->period_us * 1000 * (uint64_t)(job->index % 97) / 97 : 0);
    for (int i = 0; i < job->count; i++) {
        if (job->period_us > 0) {  // paced: round trips start on a fixed schedule with a per-connection phase
            uint64_t now = now_ns();
            if (next > now) {
                struct timespec pause = {.tv_sec = (time_t)((next - now) / 1000000000ull), .tv_nsec = (long)((next - now) % 1000000000ull)};
                nanosleep(&pause, NULL);
            }
            next += (uint64_t)job->period_us * 1000;
        }
        uint64_t t0 = now_ns();
        if (write_all(fd, buf, (size_t)job->size) || read_all(fd, buf, (size_t)job->size)) goto out;
        job->samples[i] = now_ns() - t0;
    }
    job->ok = 1;
out:
    free(buf);
    close(fd);
    return NULL;
}

static int pingpong(const char *host, int port, int size, int count, int warmup, int conns, long period_us) {
    if (conns < 1) conns = 1;
    if (conns > 1024) conns = 1024;
    uint64_t *samples = calloc((size_t)count * (size_t)conns, sizeof(uint64_t));
    struct pp_job *jobs = calloc((size_t)conns, sizeof(struct pp_job));
    pthread_t *threads = calloc((size_t)conns, sizeof(pthread_t));
    for (int c = 0; c < conns; c++) {
        jobs[c] = (struct pp_job){host, port, size, count, warmup, samples + (size_t)c * (size_t)count, 0, period_us, c};
        pthread_create(&threads[c], NULL, pingpong_conn, &jobs[c]);
    }
    int ok = 1;
    for (int c = 0; c < conns; c++) { pthread_join(threads[c], NULL); ok &= jobs[c].ok; }
    if (!ok) { fprintf(stderr, "pingpong: a connection failed\n"); return 1; }
    size_t n = (size_t)count * (size_t)conns;
    qsort(samples, n, sizeof(uint64_t), cmp_u64);
    printf("{\"count\":%zu,\"min_ns\":%llu,\"p50_ns\":%llu,\"p90_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu,\"samples_ns\":[",
           n, (unsigned long long)samples[0], (unsigned long long)samples[n / 2],
           (unsigned long long)samples[n * 9 / 10], (unsigned long long)samples[n * 99 / 100],
           (unsigned long long)samples[n - 1]);
    for (size_t i = 0; i < n; i++) printf(i ? ",%llu" : "%llu", (unsigned long long)samples[i]);
    printf("]}\n");
    return 0;
}

static int pingpong_many(const char *host, int port, int conns, int count, long period_us) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int *fds = calloc((size_t)conns, sizeof(int));
    uint64_t *next = calloc((size_t)conns, sizeof(uint64_t));
    uint64_t *sent_at = calloc((size_t)conns, sizeof(uint64_t));
    int *done = calloc((size_t)conns, sizeof(int));
    uint64_t *samples = calloc((size_t)conns * (size_t)count, sizeof(uint64_t));
    size_t n = 0;
    for (int c = 0; c < conns; c++) {
        fds[c] = dial(host, port);
        if (fds[c] < 0) { fprintf(stderr, "pingpong-many: dial failed\n"); return 1; }
        char b = 'w';  // one warm-up round trip per connection
        if (write_all(fds[c], &b, 1) || read_all(fds[c], &b, 1)) { fprintf(stderr, "warm-up failed\n"); return 1; }
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)c};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[c], &ev);
    }
    // Phases are spread over one period starting after every connection is up (no opening burst).
    uint64_t start = now_ns() + 10000000ull;
    for (int c = 0; c < conns; c++) next[c] = start + (uint64_t)period_us * 1000ull * (uint64_t)c / (uint64_t)conns;
    int finished = 0;
    struct epoll_event events[256];
    while (finished < conns) {
        uint64_t now = now_ns(), wake = UINT64_MAX;
        for (int c = 0; c < conns; c++) {
            if (sent_at[c] || done[c] >= count) continue;
            if (now >= next[c]) {
                char b = 'p';
                if (write_all(fds[c], &b, 1)) { fprintf(stderr, "write failed\n"); return 1; }
                sent_at[c] = now_ns();
                next[c] += (uint64_t)period_us * 1000ull;
            } else if (next[c] < wake) {
                wake = next[c];
            }
        }
        // Sleep until the next send is due or an answer arrives: a spinning client would take a whole core
        // from the proxy and the echo server, and the figure would measure that contention.
        struct timespec timeout = {0, 0};
        uint64_t after = now_ns();
        if (wake == UINT64_MAX) timeout.tv_sec = 1;
        else if (wake > after) { timeout.tv_sec = (time_t)((wake - after) / 1000000000ull); timeout.tv_nsec = (long)((wake - after) % 1000000000ull); }
        int k = epoll_pwait2(ep, events, 256, &timeout, NULL);
        for (int i = 0; i < k; i++) {
            int c = (int)events[i].data.u32;
            char b;
            if (read(fds[c], &b, 1) != 1) { fprintf(stderr, "read failed\n"); return 1; }
            uint64_t t = now_ns();
            if (sent_at[c]) {
                samples[n++] = t - sent_at[c];
                sent_at[c] = 0;
                if (++done[c] == count) finished++;
            }
        }
    }
    qsort(samples, n, sizeof(uint64_t), cmp_u64);
    printf("{\"count\":%zu,\"min_ns\":%llu,\"p50_ns\":%llu,\"p90_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu,\"samples_ns\":[",
           n, (unsigned long long)samples[0], (unsigned long long)samples[n / 2],
           (unsigned long long)samples[n * 9 / 10], (unsigned long long)samples[n * 99 / 100],
           (unsigned long long)samples[n - 1]);
    for (size_t i = 0; i < n; i++) printf(i ? ",%llu" : "%llu", (unsigned long long)samples[i]);
    printf("]}\n");
    return 0;
}

static int connrate(const char *host, int port, double seconds) {
    double start = now_s(), end = start + seconds;
    long done = 0, failed = 0;
    char b = 'c';
    while (now_s() < end) {
        int fd = dial(host, port);
        if (fd < 0) { failed++; continue; }
        if (write_all(fd, &b, 1) || read_all(fd, &b, 1)) failed++;
        else done++;
        close(fd);
    }
    double elapsed = now_s() - start;
    printf("{\"connections\":%ld,\"failed\":%ld,\"seconds\":%.3f,\"per_second\":%.1f}\n", done, failed, elapsed,
           done / elapsed);
    return 0;
}

static int idle(const char *host, int port, int n) {
    int *fds = malloc(sizeof(int) * (size_t)n);
    int opened = 0;
    char b = 'i';
    for (int i = 0; i < n; i++) {
        int fd = dial(host, port);
        if (fd < 0) break;
        // A proxy out of descriptors may leave us in its backlog: give up after 2 s rather than hang.
        struct timeval limit = {.tv_sec = 2};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        if (write_all(fd, &b, 1) || read_all(fd, &b, 1)) { close(fd); break; }
        fds[opened++] = fd;
    }
    printf("{\"ready\":%d}\n", opened);
    fflush(stdout);
    char line[16];
    while (read(0, line, sizeof line) > 0) {}
    for (int i = 0; i < opened; i++) close(fds[i]);
    return opened == n ? 0 : 1;
}

// ---------- DNS over UDP ----------

// A query for `name`/A with RD set and no EDNS; returns its length.
static int dns_query(unsigned char *out, const char *name, uint16_t id) {
    unsigned char *p = out;
    *p++ = id >> 8; *p++ = id & 0xff; *p++ = 0x01; *p++ = 0x00;
    *p++ = 0; *p++ = 1; memset(p, 0, 6); p += 6;
    const char *label = name;
    while (*label) {
        const char *dot = strchr(label, '.');
        size_t n = dot ? (size_t)(dot - label) : strlen(label);
        *p++ = (unsigned char)n;
        memcpy(p, label, n); p += n;
        label += n + (dot ? 1 : 0);
    }
    *p++ = 0;
    *p++ = 0; *p++ = 1; *p++ = 0; *p++ = 1;
    return (int)(p - out);
}

static int udp_dial(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) die("connect");
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    return fd;
}

static __attribute__((noreturn)) void dns_server(int port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
    printf("{\"listening\":%d}\n", port);
    fflush(stdout);
    unsigned char buf[4096];
    static const unsigned char answer[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1};
    for (;;) {
        struct sockaddr_storage from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(fd, buf, sizeof buf - sizeof answer, 0, (struct sockaddr *)&from, &len);
        if (n < 12 || (buf[2] & 0x80)) continue;
        // Keep header and question only (skip to the end of QNAME + 4), then append one A record.
        ssize_t q = 12;
        while (q < n && buf[q] != 0) q += buf[q] + 1;
        q += 5;
        if (q > n) continue;
        buf[2] = 0x81; buf[3] = 0x80;
        buf[6] = 0; buf[7] = 1; buf[8] = 0; buf[9] = 0; buf[10] = 0; buf[11] = 0;
        memcpy(buf + q, answer, sizeof answer);
        sendto(fd, buf, (size_t)q + sizeof answer, 0, (struct sockaddr *)&from, len);
    }
}

static int dns_qps(const char *host, int port, double seconds, int inflight, const char *name) {
    int fd = udp_dial(host, port);
    unsigned char query[512], reply[4096];
    uint16_t id = 1;
    long sent = 0, answered = 0, resent = 0;
    double start = now_s(), end = start + seconds, last = start;
    for (int i = 0; i < inflight; i++) {
        int n = dns_query(query, name, id++);
        if (send(fd, query, (size_t)n, 0) == n) sent++;
    }
    while (now_s() < end) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 200) <= 0) {
            // Nothing for 200 ms: the window was lost (a full socket buffer somewhere); refill it.
            for (int i = 0; i < inflight; i++) {
                int n = dns_query(query, name, id++);
                if (send(fd, query, (size_t)n, 0) == n) { sent++; resent++; }
            }
            continue;
        }
        for (;;) {
            ssize_t r = recv(fd, reply, sizeof reply, MSG_DONTWAIT);
            if (r < 0) break;
            if (r >= 12 && (reply[2] & 0x80) && (reply[3] & 0x0f) == 0 && reply[7] >= 1) answered++;
            int n = dns_query(query, name, id++);
            if (send(fd, query, (size_t)n, 0) == n) sent++;
        }
        last = now_s();
    }
    double elapsed = last - start;
    printf("{\"answered\":%ld,\"sent\":%ld,\"resent\":%ld,\"seconds\":%.3f,\"per_second\":%.1f}\n", answered, sent,
           resent, elapsed, answered / elapsed);
    close(fd);
    return answered > 0 ? 0 : 1;
}

static int dns_latency(const char *host, int port, int count, const char *name) {
    int fd = udp_dial(host, port);
    unsigned char query[512], reply[4096];
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)count);
    int got = 0;
    for (int i = -count / 10 - 50; i < count; i++) {  // the first ones warm up
        int n = dns_query(query, name, (uint16_t)(i + 100));
        uint64_t t0 = now_ns();
        if (send(fd, query, (size_t)n, 0) != n) die("send");
        // Wait for the reply with this ID (a late reply to a lost query is skipped); lost: not a sample.
        int matched = 0;
        for (int tries = 0; tries < 8 && !matched; tries++) {
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            if (poll(&pfd, 1, 2000) <= 0) break;
            ssize_t r = recv(fd, reply, sizeof reply, 0);
            matched = r >= 12 && reply[0] == query[0] && reply[1] == query[1];
        }
        if (matched && i >= 0) samples[got++] = now_ns() - t0;
    }
    if (got == 0) { fprintf(stderr, "no answers\n"); return 1; }
    qsort(samples, (size_t)got, sizeof(uint64_t), cmp_u64);
    printf("{\"count\":%d,\"p50_ns\":%llu,\"p90_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu}\n", got,
           (unsigned long long)samples[got / 2], (unsigned long long)samples[got * 9 / 10],
           (unsigned long long)samples[got * 99 / 100], (unsigned long long)samples[got - 1]);
    close(fd);
    return 0;
}

// ---------- many downloads on one thread (epoll) ----------

struct stream_state { int fd; uint64_t left; int have; unsigned char head[9]; };

static void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

static __attribute__((noreturn)) void stream_server(int port) {
    int lfd = listen_on(port);
    set_nonblocking(lfd);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    static char buf[1 << 20];
    memset(buf, 'x', sizeof buf);
    printf("{\"listening\":%d}\n", port);
    fflush(stdout);
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            struct stream_state *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    nodelay(fd);
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    struct epoll_event add = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &add);
                }
                continue;
            }
            int done = 0;
            while (c->have < 9) {
                ssize_t r = read(c->fd, c->head + c->have, (size_t)(9 - c->have));
                if (r == 0 || (r < 0 && errno != EAGAIN)) { done = 1; break; }
                if (r < 0) break;
                c->have += (int)r;
                if (c->have == 9) memcpy(&c->left, c->head + 1, 8);
            }
            while (!done && c->have == 9 && c->left > 0) {
                ssize_t w = write(c->fd, buf, c->left < sizeof buf ? (size_t)c->left : sizeof buf);
                if (w < 0) { if (errno != EAGAIN) done = 1; break; }
                c->left -= (uint64_t)w;
            }
            if (done || (c->have == 9 && c->left == 0)) {
                close(c->fd);  // the client reads to EOF
                free(c);
            }
        }
    }
}

static int download_epoll(const char *host, int port, uint64_t bytes, int conns) {
    int ep = epoll_create1(0);
    uint64_t *got = calloc((size_t)conns, sizeof(uint64_t));
    double start = now_s();
    for (int i = 0; i < conns; i++) {
        int fd = dial(host, port);
        if (fd < 0) return 1;
        char head[9] = {'D'};
        memcpy(head + 1, &bytes, 8);
        if (write_all(fd, head, 9)) return 1;
        set_nonblocking(fd);
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)i << 32 | (uint32_t)fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    static char buf[1 << 20];
    int open = conns, ok = 1;
    struct epoll_event events[256];
    while (open > 0) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = (int)(uint32_t)events[i].data.u64, index = (int)(events[i].data.u64 >> 32);
            for (;;) {
                ssize_t r = read(fd, buf, sizeof buf);
                if (r > 0) { got[index] += (uint64_t)r; continue; }
                if (r < 0 && errno == EAGAIN) break;
                ok &= got[index] == bytes;
                close(fd);
                open--;
                break;
            }
        }
    }
    double elapsed = now_s() - start;
    printf("{\"bytes\":%llu,\"seconds\":%.6f,\"bytes_per_second\":%.1f,\"ok\":%s}\n",
           (unsigned long long)(bytes * (uint64_t)conns), elapsed, (double)(bytes * (uint64_t)conns) / elapsed,
           ok ? "true" : "false");
    return ok ? 0 : 1;
}

// ---------- admin API under load ----------

// One HTTP/1.1 request on a keep-alive connection; returns the status, or -1. Reads exactly one response
// (Content-Length framed, as every answer of the admin API is).
static int http_exchange(int fd, const char *method, const char *path, const char *body) {
    char request[1024];
    int n = snprintf(request, sizeof request,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: fl-load\r\nContent-Length: %zu\r\n\r\n%s",
                     method, path, strlen(body), body);
    if (write_all(fd, request, (size_t)n)) return -1;
    static char buf[65536];
    size_t have = 0;
    for (;;) {
        ssize_t r = read(fd, buf + have, sizeof buf - 1 - have);
        if (r <= 0) return -1;
        have += (size_t)r;
        buf[have] = 0;
        char *end = strstr(buf, "\r\n\r\n");
        if (!end) continue;
        char *cl = strcasestr(buf, "\r\nContent-Length:");
        size_t length = cl && cl < end ? strtoul(cl + 17, 0, 10) : 0;
        size_t total = (size_t)(end + 4 - buf) + length;
        while (have < total) {
            r = read(fd, buf + have, sizeof buf - 1 - have);
            if (r <= 0) return -1;
            have += (size_t)r;
        }
        return atoi(buf + 9);
    }
}

static void print_stats(const char *name, uint64_t *samples, int count, int last) {
    qsort(samples, (size_t)count, sizeof(uint64_t), cmp_u64);
    printf("\"%s\":{\"count\":%d,\"p50_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu}%s", name, count,
           (unsigned long long)(count ? samples[count / 2] : 0),
           (unsigned long long)(count ? samples[count * 99 / 100] : 0),
           (unsigned long long)(count ? samples[count - 1] : 0), last ? "" : ",");
}

static int admin_load(const char *host, int port, double seconds, long period_us, const char *proxy) {
    int fd = dial(host, port);
    if (fd < 0) return 1;
    int cap = (int)(seconds * 1e6 / (double)(period_us > 0 ? period_us : 1)) + 16;
    uint64_t *version = malloc(sizeof(uint64_t) * (size_t)cap), *toxic = malloc(sizeof(uint64_t) * (size_t)cap);
    int count = 0, failed = 0;
    char add[256], remove[256];
    snprintf(add, sizeof add, "/proxies/%s/toxics", proxy);
    snprintf(remove, sizeof remove, "/proxies/%s/toxics/fl-load-admin", proxy);
    const char *body = "{\"name\":\"fl-load-admin\",\"type\":\"latency\",\"attributes\":{\"latency\":0}}";
    double start = now_s(), end = start + seconds;
    uint64_t next = now_ns();
    while (now_s() < end && count < cap) {
        uint64_t t0 = now_ns();
        if (http_exchange(fd, "GET", "/version", "") != 200) failed++;
        uint64_t t1 = now_ns();
        if (http_exchange(fd, "POST", add, body) != 200) failed++;
        if (http_exchange(fd, "DELETE", remove, "") != 204) failed++;
        uint64_t t2 = now_ns();
        version[count] = t1 - t0;
        toxic[count] = t2 - t1;
        count++;
        next += (uint64_t)period_us * 1000;
        uint64_t now = now_ns();
        if (next > now) {
            struct timespec pause = {.tv_sec = (time_t)((next - now) / 1000000000ull),
                                     .tv_nsec = (long)((next - now) % 1000000000ull)};
            nanosleep(&pause, NULL);
        } else {
            next = now;  // fell behind: no burst to catch up
        }
    }
    printf("{\"failed\":%d,", failed);
    // FL_LOAD_SAMPLES=1 adds every sample, so that runs can be pooled into one percentile.
    if (getenv("FL_LOAD_SAMPLES")) {
        const char *names[2] = {"version_samples_ns", "toxic_samples_ns"};
        uint64_t *lists[2] = {version, toxic};
        for (int list = 0; list < 2; list++) {
            printf("\"%s\":[", names[list]);
            for (int i = 0; i < count; i++) printf("%s%llu", i ? "," : "", (unsigned long long)lists[list][i]);
            printf("],");
        }
    }
    print_stats("version", version, count, 0);
    print_stats("toxic_add_delete", toxic, count, 1);
    printf("}\n");
    close(fd);
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: see the header of fl-load.c\n"); return 2; }
    const char *mode = argv[1];
    if (!strcmp(mode, "echo-server")) echo_server(atoi(argv[2]));
    if (!strcmp(mode, "bulk-server")) bulk_server(atoi(argv[2]));
    if (!strcmp(mode, "dns-server")) dns_server(atoi(argv[2]));
    if (!strcmp(mode, "stream-server")) stream_server(atoi(argv[2]));
    if (argc < 5) { fprintf(stderr, "missing arguments\n"); return 2; }
    const char *host = argv[2];
    int port = atoi(argv[3]);
    if (!strcmp(mode, "upload")) return bulk(host, port, 'U', strtoull(argv[4], 0, 10), argc > 5 ? atoi(argv[5]) : 1);
    if (!strcmp(mode, "download")) return bulk(host, port, 'D', strtoull(argv[4], 0, 10), argc > 5 ? atoi(argv[5]) : 1);
    if (!strcmp(mode, "download-epoll"))
        return download_epoll(host, port, strtoull(argv[4], 0, 10), argc > 5 ? atoi(argv[5]) : 1);
    if (!strcmp(mode, "pingpong")) {
        int count = argc > 5 ? atoi(argv[5]) : 50000;
        return pingpong(host, port, atoi(argv[4]), count, argc > 6 ? atoi(argv[6]) : count / 10 + 100,
                        argc > 7 ? atoi(argv[7]) : 1, argc > 8 ? atol(argv[8]) : 0);
    }
    if (!strcmp(mode, "pingpong-many") && argc > 6)
        return pingpong_many(host, port, atoi(argv[4]), atoi(argv[5]), atol(argv[6]));
    if (!strcmp(mode, "connrate")) return connrate(host, port, atof(argv[4]));
    if (!strcmp(mode, "idle")) return idle(host, port, atoi(argv[4]));
    if (!strcmp(mode, "admin") && argc > 6) return admin_load(host, port, atof(argv[4]), atol(argv[5]), argv[6]);
    if (!strcmp(mode, "dns-qps") && argc > 6) return dns_qps(host, port, atof(argv[4]), atoi(argv[5]), argv[6]);
    if (!strcmp(mode, "dns-latency") && argc > 5) return dns_latency(host, port, atoi(argv[4]), argv[5]);
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
