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
//           fl-load stream-many HOST PORT CONNS SECONDS  CONNS echo connections on one epoll thread, each sending a
//                                                   1,000-byte timestamped chunk every 100 ms (10 KB/s, phases
//                                                   spread); prints round-trip percentiles and a sample of RTTs
//           fl-load connrate HOST PORT SECONDS      short connections (connect, 1 B echo, close) per second
//           fl-load idle HOST PORT N                open N echo connections, print "ready", hold until stdin closes
//           fl-load admin HOST PORT SECONDS PERIOD_US PROXY [update]
//                                                   one keep-alive admin connection: every PERIOD_US a GET /version,
//                                                   then POST (and with `update` a PATCH) and DELETE of a latency-0
//                                                   toxic on PROXY; prints p50/p99/max of each kind in ns
// HTTP:     fl-load http-server PORT SIZE            epoll keep-alive HTTP/1.1 origin: every request (its body read
//                                                   by Content-Length) is answered 200 with SIZE bytes
//           fl-load http-pingpong HOST PORT SIZE COUNT [CONNS]
//                                                   keep-alive POSTs of SIZE bytes, each waiting for its response;
//                                                   percentiles and every sample, as pingpong prints them
//           fl-load http-rate HOST PORT SIZE SECONDS CONNS  requests per second over CONNS keep-alive connections
// DNS:      fl-load dns-server PORT                 UDP responder: answers any query with one A record (127.0.0.1)
//           fl-load dns-qps HOST PORT SECONDS INFLIGHT NAME   UDP queries for NAME/A with INFLIGHT outstanding;
//                                                   answers per second (lost queries are re-sent after 200 ms)
//           fl-load dns-latency HOST PORT COUNT NAME  sequential UDP queries; p50/p90/p99/max in ns
// UDP:      fl-load udp-echo-server PORT            echoes every datagram to its sender, recvmmsg/sendmmsg in batches
//           fl-load udp-pps HOST PORT SECONDS SOCKETS SIZE INFLIGHT
//                                                   SOCKETS connected sockets (each its own client to a proxy), each
//                                                   keeping INFLIGHT datagrams of SIZE bytes in flight to an echo;
//                                                   echoes per second (a window lost for 200 ms is refilled)
//           fl-load udp-latency HOST PORT COUNT SIZE  sequential echoes of SIZE bytes; p50/p90/p99/max in ns
//           fl-load udp-idle HOST PORT N            N sockets, each one echoed datagram (a session apiece), print
//                                                   "ready", hold until stdin closes
// Output: one JSON object per run on stdout.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
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
                // Stamped before the write: a preemption between the write and a later stamp made some round
                // trips through a 1 ms latency toxic read shorter than 1 ms.
                sent_at[c] = now_ns();
                if (write_all(fds[c], &b, 1)) { fprintf(stderr, "write failed\n"); return 1; }
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

// ---------- many slow streams (10 KB/s each) ----------

#define STREAM_CHUNK 1000
struct slow_stream { int fd; uint64_t next; unsigned char in[STREAM_CHUNK]; int have; };

static int stream_many(const char *host, int port, int conns, double seconds) {
    struct slow_stream *s = calloc((size_t)conns, sizeof *s);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    uint64_t period = 100000000ull;
    int opened = 0;
    for (int i = 0; i < conns; i++) {
        s[i].fd = dial(host, port);
        if (s[i].fd < 0) break;
        set_nonblocking(s[i].fd);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, s[i].fd, &ev);
        opened++;
    }
    // The schedule starts once every connection is open (dialling 10,000 takes a while): phases spread over one
    // period, so no burst of overdue sends makes the tail.
    uint64_t start = now_ns();
    for (int i = 0; i < opened; i++) s[i].next = start + period * (uint64_t)i / (uint64_t)opened;
    size_t cap = (size_t)((double)opened * seconds * 10.0) + 1024, got = 0;
    uint64_t *rtt = malloc(sizeof(uint64_t) * cap);
    unsigned char chunk[STREAM_CHUNK];
    memset(chunk, 's', sizeof chunk);
    uint64_t end = start + (uint64_t)(seconds * 1e9);
    struct epoll_event events[512];
    for (;;) {
        uint64_t now = now_ns();
        if (now >= end) break;
        uint64_t soonest = end;
        for (int i = 0; i < opened; i++) {  // send what is due (one pass is cheap next to 10,000 sockets' reads)
            if (s[i].next <= now) {
                uint64_t stamp = now_ns();  // taken just before this write, not at the top of the pass
                memcpy(chunk, &stamp, sizeof stamp);
                if (write(s[i].fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) { /* counted as lost below */ }
                s[i].next += period;
            }
            if (s[i].next < soonest) soonest = s[i].next;
        }
        // Sleep at least a millisecond when nothing is due: sends go out in 1 ms batches (each stamped when it
        // leaves, so round trips stay exact) instead of a client spinning on a core the proxy needs.
        int wait_ms = soonest > now ? (int)((soonest - now + 999999) / 1000000) : 0;
        int n = epoll_wait(ep, events, 512, wait_ms);
        uint64_t at = now_ns();
        for (int k = 0; k < n; k++) {
            struct slow_stream *c = &s[events[k].data.u32];
            for (;;) {
                ssize_t r = read(c->fd, c->in + c->have, (size_t)(STREAM_CHUNK - c->have));
                if (r <= 0) break;
                c->have += (int)r;
                if (c->have == STREAM_CHUNK) {
                    uint64_t sent;
                    memcpy(&sent, c->in, sizeof sent);
                    if (got < cap) rtt[got++] = at - sent;
                    c->have = 0;
                }
            }
        }
    }
    qsort(rtt, got, sizeof(uint64_t), cmp_u64);
    printf("{\"connections\":%d,\"count\":%zu,\"p1_ns\":%llu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu}\n",
           opened, got, (unsigned long long)(got ? rtt[got / 100] : 0), (unsigned long long)(got ? rtt[got / 2] : 0),
           (unsigned long long)(got ? rtt[got * 99 / 100] : 0), (unsigned long long)(got ? rtt[got - 1] : 0));
    for (int i = 0; i < opened; i++) close(s[i].fd);
    return opened == conns ? 0 : 1;
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
    printf("\"%s\":{\"count\":%d,\"p50_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu,\"samples_ns\":[", name, count,
           (unsigned long long)(count ? samples[count / 2] : 0),
           (unsigned long long)(count ? samples[count * 99 / 100] : 0),
           (unsigned long long)(count ? samples[count - 1] : 0));
    for (int i = 0; i < count; i++) printf("%s%llu", i ? "," : "", (unsigned long long)samples[i]);
    printf("]}%s", last ? "" : ",");
}

static int admin_load(const char *host, int port, double seconds, long period_us, const char *proxy, int update) {
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
        if (update && http_exchange(fd, "PATCH", remove, "{\"attributes\":{\"jitter\":1}}") != 200) failed++;
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

// ---------- UDP ----------

#define UDP_BATCH 64

static __attribute__((noreturn)) void udp_echo_server(int port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int size = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) die("bind");
    static char bufs[UDP_BATCH][65536];
    struct mmsghdr msgs[UDP_BATCH];
    struct iovec iov[UDP_BATCH];
    struct sockaddr_storage from[UDP_BATCH];
    for (;;) {
        for (int i = 0; i < UDP_BATCH; i++) {
            iov[i] = (struct iovec){bufs[i], sizeof bufs[i]};
            msgs[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &iov[i],
                                              .msg_iovlen = 1};
        }
        int n = recvmmsg(fd, msgs, UDP_BATCH, MSG_WAITFORONE, NULL);
        if (n <= 0) continue;
        for (int i = 0; i < n; i++) iov[i].iov_len = msgs[i].msg_len;
        int done = 0;
        while (done < n) {
            int r = sendmmsg(fd, msgs + done, (unsigned)(n - done), 0);
            if (r <= 0) { done++; continue; }
            done += r;
        }
    }
}

static int udp_connected(const char *host, int port) {
    int fd = udp_dial(host, port);
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
    return fd;
}

static int udp_pps(const char *host, int port, double seconds, int sockets, int size, int inflight) {
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int *fds = malloc(sizeof(int) * (size_t)sockets);
    static char payload[65536], sink[UDP_BATCH][65536];
    memset(payload, 'u', sizeof payload);
    for (int s = 0; s < sockets; s++) {
        fds[s] = udp_connected(host, port);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)s};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[s], &ev);
    }
    struct mmsghdr msgs[UDP_BATCH];
    struct iovec iov[UDP_BATCH];
    long echoes = 0, resent = 0;
    double start = now_s(), end = start + seconds, counted_from = start + 0.2;
    long warm = 0;
    for (int s = 0; s < sockets; s++)
        for (int i = 0; i < inflight; i++) send(fds[s], payload, (size_t)size, 0);
    struct epoll_event events[256];
    for (;;) {
        double t = now_s();
        if (t >= end) break;
        if (warm == 0 && t >= counted_from) warm = echoes;
        int n = epoll_wait(ep, events, 256, 200);
        if (n <= 0) {  // a window lost somewhere: refill every socket's
            for (int s = 0; s < sockets; s++)
                for (int i = 0; i < inflight; i++) { send(fds[s], payload, (size_t)size, 0); resent++; }
            continue;
        }
        for (int e = 0; e < n; e++) {
            int fd = fds[events[e].data.u32];
            for (int i = 0; i < UDP_BATCH; i++) {
                iov[i] = (struct iovec){sink[i], sizeof sink[i]};
                msgs[i].msg_hdr = (struct msghdr){.msg_iov = &iov[i], .msg_iovlen = 1};
            }
            int got = recvmmsg(fd, msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
            if (got <= 0) continue;
            echoes += got;
            for (int i = 0; i < got; i++) {
                iov[i] = (struct iovec){payload, (size_t)size};
                msgs[i].msg_hdr = (struct msghdr){.msg_iov = &iov[i], .msg_iovlen = 1};
            }
            int done = 0;
            while (done < got) {
                int r = sendmmsg(fd, msgs + done, (unsigned)(got - done), 0);
                if (r <= 0) break;
                done += r;
            }
        }
    }
    double elapsed = now_s() - counted_from;
    printf("{\"echoes\":%ld,\"resent\":%ld,\"seconds\":%.3f,\"per_second\":%.1f}\n", echoes - warm, resent, elapsed,
           (echoes - warm) / elapsed);
    return echoes > 0 ? 0 : 1;
}

static int udp_latency(const char *host, int port, int count, int size) {
    int fd = udp_connected(host, port);
    static char payload[65536], reply[65536];
    memset(payload, 'l', sizeof payload);
    uint64_t *samples = malloc(sizeof(uint64_t) * (size_t)count);
    int got = 0;
    for (int i = -count / 10 - 50; i < count; i++) {
        uint32_t tag = (uint32_t)(i + 1000000);
        memcpy(payload, &tag, 4);
        uint64_t t0 = now_ns();
        if (send(fd, payload, (size_t)size, 0) != size) die("send");
        int matched = 0;
        for (int tries = 0; tries < 8 && !matched; tries++) {
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            if (poll(&pfd, 1, 2000) <= 0) break;
            ssize_t r = recv(fd, reply, sizeof reply, 0);
            matched = r >= 4 && !memcmp(reply, &tag, 4);
        }
        if (matched && i >= 0) samples[got++] = now_ns() - t0;
    }
    if (got == 0) { fprintf(stderr, "no echoes\n"); return 1; }
    qsort(samples, (size_t)got, sizeof(uint64_t), cmp_u64);
    printf("{\"count\":%d,\"p50_ns\":%llu,\"p90_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu}\n", got,
           (unsigned long long)samples[got / 2], (unsigned long long)samples[got * 9 / 10],
           (unsigned long long)samples[got * 99 / 100], (unsigned long long)samples[got - 1]);
    return 0;
}

static int udp_idle(const char *host, int port, int n) {
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    int *fds = malloc(sizeof(int) * (size_t)n);
    char reply[64];
    int answered = 0;
    for (int i = 0; i < n; i++) {
        fds[i] = udp_dial(host, port);
        if (fds[i] < 0) die("socket");
        for (int tries = 0; tries < 3; tries++) {
            send(fds[i], "i", 1, 0);
            struct pollfd pfd = {.fd = fds[i], .events = POLLIN};
            if (poll(&pfd, 1, 1000) > 0 && recv(fds[i], reply, sizeof reply, 0) == 1) { answered++; break; }
        }
    }
    printf("{\"ready\":%d}\n", answered);
    fflush(stdout);
    char buf[16];
    while (read(0, buf, sizeof buf) > 0) {}
    return 0;
}

// ---------- HTTP ----------

// The end of the head in buf[0..n), or -1; the Content-Length it declares goes to *length (0 when none).
static long http_head_end(const char *buf, size_t n, long *length) {
    for (size_t i = 0; i + 3 < n; i++) {
        if (buf[i] != '\r' || buf[i + 1] != '\n' || buf[i + 2] != '\r' || buf[i + 3] != '\n') continue;
        *length = 0;
        for (size_t j = 0; j + 15 < i; j++) {
            if (strncasecmp(buf + j, "\ncontent-length:", 16) == 0) { *length = atol(buf + j + 16); break; }
        }
        return (long)i + 4;
    }
    return -1;
}

struct http_conn { char *buf; size_t used; };

static __attribute__((noreturn)) void http_server(int port, int size) {
    int lfd = listen_on(port);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    enum { CAP = 1 << 20, FDS = 65536 };
    static struct http_conn conns[FDS];
    char *response = malloc((size_t)size + 128);
    int head = snprintf(response, 128, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: application/octet-stream\r\n\r\n", size);
    memset(response + head, 'r', (size_t)size);
    struct epoll_event events[512];
    printf("{\"listening\":%d}\n", port);
    fflush(stdout);
    for (;;) {
        int n = epoll_wait(ep, events, 512, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                if (c < 0 || c >= FDS) { if (c >= 0) close(c); continue; }
                nodelay(c);
                conns[c].buf = malloc(CAP);
                conns[c].used = 0;
                struct epoll_event ce = {.events = EPOLLIN, .data.fd = c};
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ce);
                continue;
            }
            struct http_conn *conn = &conns[fd];
            ssize_t r = read(fd, conn->buf + conn->used, CAP - conn->used);
            if (r <= 0) { free(conn->buf); conn->buf = NULL; close(fd); continue; }
            conn->used += (size_t)r;
            size_t start = 0;
            long length, end;
            int failed = 0;
            while ((end = http_head_end(conn->buf + start, conn->used - start, &length)) >= 0
                   && conn->used - start >= (size_t)(end + length)) {
                start += (size_t)(end + length);
                if (write_all(fd, response, (size_t)(head + size))) { failed = 1; break; }
            }
            if (failed || (start == 0 && conn->used == CAP)) { free(conn->buf); conn->buf = NULL; close(fd); continue; }
            memmove(conn->buf, conn->buf + start, conn->used - start);
            conn->used -= start;
        }
    }
}

// One keep-alive exchange on fd: the request in req[0..reqlen), then a whole response read into buf.
static int http_exchange_one(int fd, const char *req, size_t reqlen, char *buf, size_t cap) {
    if (write_all(fd, req, reqlen)) return -1;
    size_t used = 0;
    long length, end;
    for (;;) {
        ssize_t r = read(fd, buf + used, cap - used);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        used += (size_t)r;
        end = http_head_end(buf, used, &length);
        if (end >= 0 && used >= (size_t)(end + length)) return 0;
        if (used == cap) return -1;
    }
}

static char *http_request(int size, size_t *len) {
    char *req = malloc((size_t)size + 128);
    int head = snprintf(req, 128, "POST /bench HTTP/1.1\r\nHost: bench\r\nContent-Length: %d\r\n\r\n", size);
    memset(req + head, 'q', (size_t)size);
    *len = (size_t)(head + size);
    return req;
}

struct http_job { const char *host; int port; int size; int count; double until; uint64_t *samples; long done; int ok; };

static void *http_conn_run(void *arg) {
    struct http_job *job = arg;
    int fd = dial(job->host, job->port);
    if (fd < 0) return NULL;
    size_t reqlen;
    char *req = http_request(job->size, &reqlen);
    size_t cap = (size_t)job->size + 4096;
    char *buf = malloc(cap);
    for (int i = 0; i < job->count / 10 + 100 && job->samples; i++) {  // warm-up
        if (http_exchange_one(fd, req, reqlen, buf, cap)) goto out;
    }
    for (long i = 0; job->samples ? i < job->count : now_s() < job->until; i++) {
        uint64_t t0 = now_ns();
        if (http_exchange_one(fd, req, reqlen, buf, cap)) goto out;
        if (job->samples) job->samples[i] = now_ns() - t0;
        job->done++;
    }
    job->ok = 1;
out:
    free(req);
    free(buf);
    close(fd);
    return NULL;
}

static int http_load(const char *host, int port, int size, int count, double seconds, int conns) {
    if (conns < 1) conns = 1;
    uint64_t *samples = count > 0 ? calloc((size_t)count * (size_t)conns, sizeof(uint64_t)) : NULL;
    struct http_job *jobs = calloc((size_t)conns, sizeof(struct http_job));
    pthread_t *threads = calloc((size_t)conns, sizeof(pthread_t));
    double start = now_s();
    for (int c = 0; c < conns; c++) {
        jobs[c] = (struct http_job){host, port, size, count, start + seconds, samples ? samples + (size_t)c * (size_t)count : NULL, 0, 0};
        pthread_create(&threads[c], NULL, http_conn_run, &jobs[c]);
    }
    int ok = 1;
    long done = 0;
    for (int c = 0; c < conns; c++) { pthread_join(threads[c], NULL); ok &= jobs[c].ok; done += jobs[c].done; }
    double elapsed = now_s() - start;
    if (!ok) { fprintf(stderr, "http: a connection failed\n"); return 1; }
    if (!samples) {
        printf("{\"requests\":%ld,\"seconds\":%.3f,\"per_second\":%.1f}\n", done, elapsed, done / elapsed);
        return 0;
    }
    size_t n = (size_t)count * (size_t)conns;
    qsort(samples, n, sizeof(uint64_t), cmp_u64);
    printf("{\"count\":%zu,\"min_ns\":%llu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"max_ns\":%llu,\"samples_ns\":[", n,
           (unsigned long long)samples[0], (unsigned long long)samples[n / 2], (unsigned long long)samples[n * 99 / 100],
           (unsigned long long)samples[n - 1]);
    for (size_t i = 0; i < n; i++) printf(i ? ",%llu" : "%llu", (unsigned long long)samples[i]);
    printf("]}\n");
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);  // a client that aborts must give EPIPE, not kill a peer server (the soak aborts many)
    if (argc < 3) { fprintf(stderr, "usage: see the header of fl-load.c\n"); return 2; }
    const char *mode = argv[1];
    if (!strcmp(mode, "echo-server")) echo_server(atoi(argv[2]));
    if (!strcmp(mode, "bulk-server")) bulk_server(atoi(argv[2]));
    if (!strcmp(mode, "dns-server")) dns_server(atoi(argv[2]));
    if (!strcmp(mode, "stream-server")) stream_server(atoi(argv[2]));
    if (!strcmp(mode, "udp-echo-server")) udp_echo_server(atoi(argv[2]));
    if (!strcmp(mode, "http-server")) http_server(atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 1024);
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
    if (!strcmp(mode, "stream-many") && argc > 5) return stream_many(host, port, atoi(argv[4]), atof(argv[5]));
    if (!strcmp(mode, "http-pingpong") && argc > 5)
        return http_load(host, port, atoi(argv[4]), atoi(argv[5]), 0, argc > 6 ? atoi(argv[6]) : 1);
    if (!strcmp(mode, "http-rate") && argc > 6)
        return http_load(host, port, atoi(argv[4]), 0, atof(argv[5]), atoi(argv[6]));
    if (!strcmp(mode, "idle")) return idle(host, port, atoi(argv[4]));
    if (!strcmp(mode, "admin") && argc > 6)
        return admin_load(host, port, atof(argv[4]), atol(argv[5]), argv[6], argc > 7 && !strcmp(argv[7], "update"));
    if (!strcmp(mode, "dns-qps") && argc > 6) return dns_qps(host, port, atof(argv[4]), atoi(argv[5]), argv[6]);
    if (!strcmp(mode, "dns-latency") && argc > 5) return dns_latency(host, port, atoi(argv[4]), argv[5]);
    if (!strcmp(mode, "udp-pps") && argc > 7)
        return udp_pps(host, port, atof(argv[4]), atoi(argv[5]), atoi(argv[6]), atoi(argv[7]));
    if (!strcmp(mode, "udp-latency") && argc > 5) return udp_latency(host, port, atoi(argv[4]), atoi(argv[5]));
    if (!strcmp(mode, "udp-idle")) return udp_idle(host, port, atoi(argv[4]));
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
