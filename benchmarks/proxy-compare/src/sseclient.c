/*
 * The SSE client of the proxy comparison: one thread, epoll, no allocation in the read path, so
 * its own pauses are the scheduler's and nothing else's. It opens STREAMS streams to one address,
 * decodes each response (chunked or not) and its events, and after WARM seconds measures for
 * MEASURE seconds:
 *
 *   sseclient HOST PORT PATH STREAMS WARM MEASURE
 *
 * Each event's id is the backend's CLOCK_MONOTONIC send time in nanoseconds (same machine, same
 * clock); delivery latency is the monotonic time of the read that completed the event minus that.
 * Prints one line of key=value pairs: streams answered with 200, streams lost, events and events/s
 * in the window, and the latency p50, p99, p99.9 and maximum in microseconds.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PREFIX 32

enum { HEAD, CHUNK_SIZE, CHUNK_EXT, CHUNK_DATA, CHUNK_CRLF, RAW, DONE };

struct conn {
  int fd;
  int sent;
  int state;
  int headlen;
  long long chunk_left;   /* data bytes left in the current chunk, or the size being read */
  int line_len;           /* bytes of the current SSE line so far */
  int has_id;
  long long id;
  char prefix[PREFIX];    /* the first bytes of the current line, enough for "id: " and 19 digits */
  char head[2048];
};

static long long mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

static long long *lat;
static size_t lat_n, lat_cap;
static long long events;
static int measuring;

static void record(long long v) {
  if (lat_n == lat_cap) return;  /* the cap is far above any run's need; never grown mid-run */
  lat[lat_n++] = v;
}

/* An SSE line is complete: a blank line ends an event, an "id: " line sets its id. */
static void end_line(struct conn *c, long long t) {
  if (c->line_len == 0) {
    if (measuring) {
      events++;
      if (c->has_id) record(t - c->id);
    }
    c->has_id = 0;
    return;
  }
  int n = c->line_len < PREFIX ? c->line_len : PREFIX;
  if (n > 4 && memcmp(c->prefix, "id: ", 4) == 0) {
    long long v = 0;
    for (int i = 4; i < n && c->prefix[i] >= '0' && c->prefix[i] <= '9'; i++)
      v = v * 10 + (c->prefix[i] - '0');
    c->id = v;
    c->has_id = 1;
  }
  c->line_len = 0;
}

/* Body bytes of the event stream, whatever the framing. */
static void sse_feed(struct conn *c, const char *p, size_t len, long long t) {
  while (len > 0) {
    const char *nl = memchr(p, '\n', len);
    size_t seg = nl ? (size_t)(nl - p) : len;
    if (c->line_len < PREFIX) {
      size_t k = seg < (size_t)(PREFIX - c->line_len) ? seg : (size_t)(PREFIX - c->line_len);
      memcpy(c->prefix + c->line_len, p, k);
    }
    c->line_len += (int)(seg > 1000000 ? 1000000 : seg);
    if (!nl) return;
    end_line(c, t);
    p += seg + 1;
    len -= seg + 1;
  }
}

static int hexval(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Returns 0 when the response is not a 200 event stream (the stream then counts as lost). */
static int feed(struct conn *c, const char *p, size_t len, long long t) {
  while (len > 0) {
    switch (c->state) {
      case HEAD: {
        size_t room = sizeof c->head - 1 - c->headlen;
        if (room == 0) return 0;
        size_t k = len < room ? len : room;
        memcpy(c->head + c->headlen, p, k);
        c->headlen += (int)k;
        c->head[c->headlen] = 0;
        char *end = strstr(c->head, "\r\n\r\n");
        if (!end) { p += k; len -= k; break; }
        size_t used = (size_t)(end + 4 - c->head) - (size_t)(c->headlen - (int)k);
        if (strncmp(c->head + 8, " 200", 4) != 0) return 0;
        *end = 0;
        c->state = strcasestr(c->head, "transfer-encoding: chunked") ? CHUNK_SIZE : RAW;
        c->chunk_left = 0;
        p += used;
        len -= used;
        break;
      }
      case CHUNK_SIZE: {
        int h = hexval(*p);
        if (h >= 0) c->chunk_left = c->chunk_left * 16 + h;
        else if (*p == '\n') {  /* end of the size line */
          if (c->chunk_left == 0) { c->state = DONE; return 1; }
          c->state = CHUNK_DATA;
        } else if (*p != '\r') c->state = CHUNK_EXT;  /* an extension: skip to the line's end */
        p++;
        len--;
        break;
      }
      case CHUNK_EXT:
        if (*p == '\n') c->state = c->chunk_left == 0 ? DONE : CHUNK_DATA;
        p++;
        len--;
        if (c->state == DONE) return 1;
        break;
      case CHUNK_DATA: {
        size_t k = len < (size_t)c->chunk_left ? len : (size_t)c->chunk_left;
        sse_feed(c, p, k, t);
        p += k;
        len -= k;
        c->chunk_left -= (long long)k;
        if (c->chunk_left == 0) { c->state = CHUNK_CRLF; }
        break;
      }
      case CHUNK_CRLF:  /* the CRLF after a chunk's data */
        if (*p == '\n') { c->state = CHUNK_SIZE; c->chunk_left = 0; }
        p++;
        len--;
        break;
      case RAW:
        sse_feed(c, p, len, t);
        return 1;
      default:
        return 1;
    }
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: sseclient HOST PORT PATH STREAMS WARM MEASURE\n");
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *path = argv[3];
  int n = atoi(argv[4]);
  double warm = atof(argv[5]), measure = atof(argv[6]);
  char request[1024];
  int reqlen = snprintf(request, sizeof request,
                        "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\n\r\n", path, host, port);
  lat_cap = 64u * 1000 * 1000;
  lat = malloc(lat_cap * sizeof *lat);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, host, &addr.sin_addr);
  int ep = epoll_create1(0);
  struct conn *conns = calloc(n, sizeof *conns);
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) { perror("sseclient: socket"); n = i; break; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
      perror("sseclient: connect");
      close(fd);
      n = i;
      break;
    }
    conns[i].fd = fd;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  static char buf[65536];
  struct epoll_event evs[512];
  long long start = mono_ns();
  long long from = start + (long long)(warm * 1e9), until = from + (long long)(measure * 1e9);
  int answered = 0, lost = 0;
  long long bytes = 0;
  for (;;) {
    long long now = mono_ns();
    if (now >= until) break;
    measuring = now >= from;
    int k = epoll_wait(ep, evs, 512, 50);
    for (int e = 0; e < k; e++) {
      struct conn *c = &conns[evs[e].data.u32];
      if ((evs[e].events & EPOLLOUT) && !c->sent) {
        if (write(c->fd, request, reqlen) == reqlen) {
          c->sent = 1;
          struct epoll_event ev = {.events = EPOLLIN, .data.u32 = evs[e].data.u32};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (!(evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      ssize_t r = read(c->fd, buf, sizeof buf);
      if (r < 0 && errno == EAGAIN) continue;
      long long t = mono_ns();
      int was_head = c->state == HEAD;
      if (r <= 0 || !feed(c, buf, (size_t)r, t) || c->state == DONE) {
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
        lost++;
        continue;
      }
      if (measuring) bytes += r;
      if (was_head && c->state != HEAD) answered++;
    }
  }
  long long p50 = -1, p99 = -1, p999 = -1, max = -1;
  if (lat_n > 0) {
    qsort(lat, lat_n, sizeof *lat, cmp_ll);
    p50 = lat[(lat_n - 1) / 2];
    p99 = lat[(size_t)((lat_n - 1) * 0.99)];
    p999 = lat[(size_t)((lat_n - 1) * 0.999)];
    max = lat[lat_n - 1];
  }
  printf("streams=%d answered=%d lost=%d events=%lld events_per_s=%.0f mb_per_s=%.1f "
         "latency_n=%zu p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f\n",
         n, answered, lost, events, events / measure, bytes / measure / 1e6, lat_n, p50 / 1e3,
         p99 / 1e3, p999 / 1e3, max / 1e3);
  fflush(stdout);
  return 0;
}
