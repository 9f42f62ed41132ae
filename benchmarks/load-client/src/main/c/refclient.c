/*
 * The reference SSE client of the load benchmark: plain epoll, one buffer per read, nothing else.
 * It holds N streams to one backend and counts events (blank lines), and for --latency reads each
 * event's "id: <epoch micros>" and records arrival minus id.
 *
 *   refclient HOST PORT PATH STREAMS SECONDS [--latency]
 *
 * Prints one line: streams connected, events, events/s, latency p50/p99 in microseconds, and this
 * process's VmRSS in KiB at the end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct conn {
  int fd;
  int sent;
  char last;      /* last byte of the previous read, to find "\n\n" across reads */
  int line_pos;   /* bytes of "id: " matched at the start of the current line; -1 elsewhere */
  long long id;   /* digits of the id being read */
  int in_id;
};

static long long now_micros(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static double mono_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "VmRSS:", 6) == 0) v = strtol(line + 6, NULL, 10);
  }
  if (f) fclose(f);
  return v;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: refclient HOST PORT PATH STREAMS SECONDS [--latency]\n");
    return 2;
  }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *path = argv[3];
  int n = atoi(argv[4]);
  double seconds = atof(argv[5]);
  int latency = argc > 6 && strcmp(argv[6], "--latency") == 0;
  char request[1024];
  int reqlen = snprintf(request, sizeof request,
                        "GET %s HTTP/1.1\r\nHost: %s:%d\r\nAccept: text/event-stream\r\n"
                        "Cache-Control: no-cache\r\n\r\n", path, host, port);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, host, &addr.sin_addr);
  int ep = epoll_create1(0);
  struct conn *conns = calloc(n, sizeof *conns);
  size_t cap = latency ? 50u * 1000 * 1000 : 0, count = 0;
  long long *lat = latency ? malloc(cap * sizeof *lat) : NULL;
  int connected = 0;
  for (int i = 0; i < n; i++) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) { perror("socket"); n = i; break; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0 && errno != EINPROGRESS) {
      perror("connect"); close(fd); n = i; break;
    }
    conns[i].fd = fd;
    conns[i].line_pos = 0;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  }
  static char buf[65536];
  struct epoll_event evs[256];
  long long events = 0;
  double start = mono_seconds(), end = start + seconds;
  while (mono_seconds() < end) {
    int k = epoll_wait(ep, evs, 256, 100);
    for (int e = 0; e < k; e++) {
      struct conn *c = &conns[evs[e].data.u32];
      if ((evs[e].events & EPOLLOUT) && !c->sent) {
        if (write(c->fd, request, reqlen) == reqlen) {
          c->sent = 1;
          connected++;
          struct epoll_event ev = {.events = EPOLLIN, .data.u32 = evs[e].data.u32};
          epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        }
      }
      if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r <= 0) {
          if (r == 0 || errno != EAGAIN) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); }
          continue;
        }
        long long t = latency ? now_micros() : 0;
        for (ssize_t j = 0; j < r; j++) {
          char ch = buf[j];
          if (ch == '\n' && c->last == '\n') events++;
          if (latency) {
            if (c->in_id) {
              if (ch >= '0' && ch <= '9') c->id = c->id * 10 + (ch - '0');
              else {
                if (count < cap) lat[count++] = t - c->id;
                c->in_id = 0;
              }
            } else if (c->line_pos >= 0) {
              if (ch == "id: "[c->line_pos]) {
                if (++c->line_pos == 4) { c->in_id = 1; c->id = 0; c->line_pos = -1; }
              } else c->line_pos = -1;
            }
            if (ch == '\n') c->line_pos = 0;
          }
          c->last = ch;
        }
      }
    }
  }
  double took = mono_seconds() - start;
  long long p50 = -1, p99 = -1;
  if (count > 0) {
    qsort(lat, count, sizeof *lat, cmp_ll);
    p50 = lat[(count - 1) / 2];
    p99 = lat[(size_t)((count - 1) * 0.99)];
  }
  printf("refclient streams=%d events=%lld events_per_s=%.0f latency_n=%zu latency_p50_us=%lld "
         "latency_p99_us=%lld rss_kib=%ld\n",
         connected, events, events / took, count, p50, p99, rss_kib());
  fflush(stdout);
  return 0;
}
