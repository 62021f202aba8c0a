// fl-tls: TLS peers and load for scripts/bench's `tls` section (gcc -O2 fl-tls.c -lssl -lcrypto -lpthread).
//
// Every side speaks TLS 1.3 with one suite (TLS_AES_128_GCM_SHA256) and X25519, so a proxy between a client and the
// server negotiates the same cipher on both of its hops whichever proxy it is. No session resumption from the client:
// every connection of `connrate` is a full handshake (the proxies may resume their own upstream sessions).
//
// Server:   fl-tls server PORT CERT KEY          a thread per connection; reads a request 'U'|'D'|'E' + u64 n:
//                                                 'U': read n bytes, reply 'K'; 'D': send n bytes, then wait for EOF;
//                                                 'E': echo until EOF
// Clients:  fl-tls download HOST PORT BYTES CA   one connection's throughput, server → client (bytes/s)
//           fl-tls upload HOST PORT BYTES CA     one connection's throughput, client → server (bytes/s)
//           fl-tls connrate HOST PORT SECONDS CA THREADS
//                                                 new TLS connections per second: connect, full handshake (the
//                                                 server's certificate verified for `localhost`), 1 B echo, close
//           fl-tls idle HOST PORT N CA           N connections, each after a 1 B echo, held until stdin closes
// Every client prints one JSON line; the negotiated version and cipher are in it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SUITE "TLS_AES_128_GCM_SHA256"
#define CHUNK (256 * 1024)

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static SSL_CTX *context(int server, const char *cert, const char *key, const char *ca) {
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(ctx, SUITE);
    SSL_CTX_set1_groups_list(ctx, "X25519");
    if (server) {
        if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
            ERR_print_errors_fp(stderr);
            exit(2);
        }
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
            ERR_print_errors_fp(stderr);
            exit(2);
        }
    }
    return ctx;
}

static int dial(const char *host, int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, host, &a.sin_addr);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    return fd;
}

/// A verified client session on a new connection, or NULL.
static SSL *open_tls(SSL_CTX *ctx, const char *host, int port) {
    int fd = dial(host, port);
    if (fd < 0) return NULL;
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    return ssl;
}

static void close_tls(SSL *ssl) {
    int fd = SSL_get_fd(ssl);
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
}

static int write_all(SSL *ssl, const void *data, size_t n) {
    size_t done = 0;
    while (done < n) {
        int w = SSL_write(ssl, (const char *)data + done, (int)(n - done > CHUNK ? CHUNK : n - done));
        if (w <= 0) return -1;
        done += (size_t)w;
    }
    return 0;
}

static int read_all(SSL *ssl, void *data, size_t n) {
    size_t done = 0;
    while (done < n) {
        int r = SSL_read(ssl, (char *)data + done, (int)(n - done));
        if (r <= 0) return -1;
        done += (size_t)r;
    }
    return 0;
}

static int request(SSL *ssl, char op, uint64_t n) {
    unsigned char head[9] = {(unsigned char)op};
    for (int i = 0; i < 8; i++) head[1 + i] = (unsigned char)(n >> (56 - 8 * i));
    return write_all(ssl, head, 9);
}

static void describe(SSL *ssl, char *out, size_t size) {
    snprintf(out, size, "\"version\":\"%s\",\"cipher\":\"%s\"", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
}

// ---------- server ----------

static SSL_CTX *server_ctx;

static void *serve(void *arg) {
    int fd = (int)(intptr_t)arg;
    SSL *ssl = SSL_new(server_ctx);
    SSL_set_fd(ssl, fd);
    unsigned char head[9];
    if (SSL_accept(ssl) != 1 || read_all(ssl, head, 9)) goto done;
    uint64_t n = 0;
    for (int i = 0; i < 8; i++) n = n << 8 | head[1 + i];
    static char buffer[CHUNK];  // shared and never read: only its bytes' count matters
    char mine[CHUNK];
    if (head[0] == 'D') {
        for (uint64_t left = n; left > 0;) {
            size_t piece = left > CHUNK ? CHUNK : (size_t)left;
            if (write_all(ssl, buffer, piece)) goto done;
            left -= piece;
        }
        while (SSL_read(ssl, mine, sizeof mine) > 0) {}
    } else if (head[0] == 'U') {
        for (uint64_t left = n; left > 0;) {
            int r = SSL_read(ssl, mine, (int)(left > CHUNK ? CHUNK : left));
            if (r <= 0) goto done;
            left -= (uint64_t)r;
        }
        write_all(ssl, "K", 1);
        while (SSL_read(ssl, mine, sizeof mine) > 0) {}
    } else {
        int r;
        while ((r = SSL_read(ssl, mine, sizeof mine)) > 0) {
            if (write_all(ssl, mine, (size_t)r)) break;
        }
    }
done:
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    return NULL;
}

static int server(int port, const char *cert, const char *key) {
    server_ctx = context(1, cert, key, NULL);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096)) {
        perror("bind");
        return 2;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    for (;;) {
        int client = accept(fd, NULL, NULL);
        if (client < 0) continue;
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t thread;
        if (pthread_create(&thread, &attr, serve, (void *)(intptr_t)client)) close(client);
    }
}

// ---------- clients ----------

static int transfer(const char *host, int port, uint64_t bytes, const char *ca, int download) {
    SSL_CTX *ctx = context(0, NULL, NULL, ca);
    SSL *ssl = open_tls(ctx, host, port);
    if (!ssl) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    char *buffer = calloc(1, CHUNK), info[160];
    describe(ssl, info, sizeof info);
    double start = now_s();
    if (request(ssl, download ? 'D' : 'U', bytes)) return 1;
    if (download) {
        for (uint64_t left = bytes; left > 0;) {
            int r = SSL_read(ssl, buffer, CHUNK);
            if (r <= 0) return 1;
            left -= (uint64_t)r;
        }
    } else {
        for (uint64_t left = bytes; left > 0;) {
            size_t piece = left > CHUNK ? CHUNK : (size_t)left;
            if (write_all(ssl, buffer, piece)) return 1;
            left -= piece;
        }
        if (read_all(ssl, buffer, 1)) return 1;
    }
    double elapsed = now_s() - start;
    printf("{\"bytes\":%llu,\"seconds\":%.3f,\"bytes_per_second\":%.0f,%s}\n", (unsigned long long)bytes, elapsed,
           bytes / elapsed, info);
    close_tls(ssl);
    return 0;
}

struct rate_args {
    SSL_CTX *ctx;
    const char *host;
    int port;
    double end;
    atomic_long done, failed;
    char info[160];
};

static void *rate_worker(void *arg) {
    struct rate_args *a = arg;
    char b = 'c';
    while (now_s() < a->end) {
        SSL *ssl = open_tls(a->ctx, a->host, a->port);
        if (!ssl) {
            atomic_fetch_add(&a->failed, 1);
            continue;
        }
        if (request(ssl, 'E', 0) || write_all(ssl, &b, 1) || read_all(ssl, &b, 1)) {
            atomic_fetch_add(&a->failed, 1);
        } else {
            if (atomic_fetch_add(&a->done, 1) == 0) describe(ssl, a->info, sizeof a->info);
        }
        close_tls(ssl);
    }
    return NULL;
}

static int connrate(const char *host, int port, double seconds, const char *ca, int threads) {
    struct rate_args a = {.ctx = context(0, NULL, NULL, ca), .host = host, .port = port, .info = "\"version\":\"?\""};
    double start = now_s();
    a.end = start + seconds;
    pthread_t workers[64];
    for (int i = 0; i < threads && i < 64; i++) pthread_create(&workers[i], NULL, rate_worker, &a);
    for (int i = 0; i < threads && i < 64; i++) pthread_join(workers[i], NULL);
    double elapsed = now_s() - start;
    printf("{\"connections\":%ld,\"failed\":%ld,\"seconds\":%.3f,\"per_second\":%.1f,%s}\n", atomic_load(&a.done),
           atomic_load(&a.failed), elapsed, atomic_load(&a.done) / elapsed, a.info);
    return 0;
}

static int idle(const char *host, int port, int n, const char *ca) {
    SSL_CTX *ctx = context(0, NULL, NULL, ca);
    SSL **held = calloc((size_t)n, sizeof *held);
    int opened = 0;
    char b = 'i';
    for (int i = 0; i < n; i++) {
        SSL *ssl = open_tls(ctx, host, port);
        if (!ssl) break;
        if (request(ssl, 'E', 0) || write_all(ssl, &b, 1) || read_all(ssl, &b, 1)) {
            close_tls(ssl);
            break;
        }
        held[opened++] = ssl;
    }
    printf("{\"ready\":%d}\n", opened);
    fflush(stdout);
    char line[16];
    while (read(0, line, sizeof line) > 0) {}
    for (int i = 0; i < opened; i++) close_tls(held[i]);
    return opened == n ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: see the header of fl-tls.c\n");
        return 2;
    }
    const char *mode = argv[1];
    if (!strcmp(mode, "server") && argc == 5) return server(atoi(argv[2]), argv[3], argv[4]);
    if (argc < 6) {
        fprintf(stderr, "usage: see the header of fl-tls.c\n");
        return 2;
    }
    const char *host = argv[2];
    int port = atoi(argv[3]);
    if (!strcmp(mode, "download")) return transfer(host, port, strtoull(argv[4], NULL, 10), argv[5], 1);
    if (!strcmp(mode, "upload")) return transfer(host, port, strtoull(argv[4], NULL, 10), argv[5], 0);
    if (!strcmp(mode, "connrate") && argc == 7) return connrate(host, port, atof(argv[4]), argv[5], atoi(argv[6]));
    if (!strcmp(mode, "idle")) return idle(host, port, atoi(argv[4]), argv[5]);
    fprintf(stderr, "unknown mode %s\n", mode);
    return 2;
}
