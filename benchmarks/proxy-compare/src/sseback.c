/*
 * The SSE backend of the proxy comparison: one thread, epoll, no allocation after start-up, so its
 * own pauses are the scheduler's and nothing else's.
 *
 *   sseback PORT [--period-ms 100] [--payload 64]
 *
 * GET /paced: a chunked event stream with one event per period per stream, each stream at a random
 *   phase; the event's id is CLOCK_MONOTONIC in nanoseconds, read just before the write.
 * GET /flood: a chunked event stream of 200-byte events ("data: xxx...", no id), written as fast as
 *   the connection takes them, 32 events per write.
 * Anything else: 404, connection closed.
 *
 * A paced event that finds the previous one still unsent (the socket full) is skipped and counted;
 * the count is printed on SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 65536
#define PENDING 8192
#define FLOOD_EVENT 200
#define FLOOD_BATCH 32

enum { HEAD, PACED, FLOOD, CLOSED };

struct conn {
  int fd;
  int state;
  int headlen;
  int heap;            /* index in the timer heap, -1 when not in it */
  long long due;       /* next paced event, monotonic ns */
  int pendoff, pendlen;
  char head[1024];
  char pend[PENDING];  /* bytes the socket did not take yet */
};

static struct conn *conns[MAX_CONNS];
static int heap[MAX_CONNS];
static int heap_n;
static long long period_ns = 100000000LL;
static int payload = 64;
static long long skipped, paced_sent, flood_sent;
static volatile sig_atomic_t stop;
static int ep;

static long long mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Min-heap of paced streams by due time: O(log n) per event at any stream count. */
static void heap_swap(int a, int b) {
  int t = heap[a];
  heap[a] = heap[b];
  heap[b] = t;
  conns[heap[a]]->heap = a;
  conns[heap[b]]->heap = b;
}

static void heap_up(int i) {
  while (i > 0) {
    int p = (i - 1) / 2;
    if (conns[heap[p]]->due <= conns[heap[i]]->due) break;
    heap_swap(i, p);
    i = p;
  }
}

static void heap_down(int i) {
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < heap_n && conns[heap[l]]->due < conns[heap[m]]->due) m = l;
    if (r < heap_n && conns[heap[r]]->due < conns[heap[m]]->due) m = r;
    if (m == i) return;
    heap_swap(i, m);
    i = m;
  }
}

static void heap_push(int fd) {
  heap[heap_n] = fd;
  conns[fd]->heap = heap_n;
  heap_up(heap_n++);
}

static void heap_remove(int fd) {
  int i = conns[fd]->heap;
  if (i < 0) return;
  conns[fd]->heap = -1;
  heap_n--;
  if (i == heap_n) return;
  heap[i] = heap[heap_n];
  conns[heap[i]]->heap = i;
  heap_up(i);
  heap_down(conns[heap[i]]->heap);
}

static void close_conn(int fd) {
  struct conn *c = conns[fd];
  heap_remove(fd);
  epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
  close(fd);
  c->state = CLOSED;
}

/* Writes what is pending; 1 when all of it went, 0 when the socket is full, -1 on error. */
static int flush_pending(struct conn *c) {
  while (c->pendoff < c->pendlen) {
    ssize_t w = write(c->fd, c->pend + c->pendoff, c->pendlen - c->pendoff);
    if (w < 0) return errno == EAGAIN ? 0 : -1;
    c->pendoff += (int)w;
  }
  c->pendoff = c->pendlen = 0;
  return 1;
}

static void want_out(struct conn *c, int on) {
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.fd = c->fd};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static void send_paced(struct conn *c) {
  if (c->pendlen > 0) {  /* the previous event is still in the way: skip this one */
    skipped++;
    return;
  }
  char body[512];
  long long t = mono_ns();
  int n = snprintf(body, sizeof body, "id: %lld\ndata: ", t);
  memset(body + n, 'x', payload);
  n += payload;
  body[n++] = '\n';
  body[n++] = '\n';
  c->pendlen = snprintf(c->pend, PENDING, "%x\r\n", n);
  memcpy(c->pend + c->pendlen, body, n);
  c->pendlen += n;
  c->pend[c->pendlen++] = '\r';
  c->pend[c->pendlen++] = '\n';
  paced_sent++;
  int r = flush_pending(c);
  if (r < 0) close_conn(c->fd);
  else if (r == 0) want_out(c, 1);
}

/* Fills the socket with batches of flood events until it is full. */
static void pump_flood(struct conn *c) {
  for (;;) {
    int r = flush_pending(c);
    if (r < 0) { close_conn(c->fd); return; }
    if (r == 0) return;  /* EPOLLOUT stays on for flood streams */
    int n = 0;
    for (int i = 0; i < FLOOD_BATCH; i++) {
      char ev[FLOOD_EVENT];
      memcpy(ev, "data: ", 6);
      memset(ev + 6, 'x', FLOOD_EVENT - 8);
      ev[FLOOD_EVENT - 2] = '\n';
      ev[FLOOD_EVENT - 1] = '\n';
      n += sprintf(c->pend + n, "%x\r\n", FLOOD_EVENT);
      memcpy(c->pend + n, ev, FLOOD_EVENT);
      n += FLOOD_EVENT;
      c->pend[n++] = '\r';
      c->pend[n++] = '\n';
    }
    c->pendoff = 0;
    c->pendlen = n;
    flood_sent += FLOOD_BATCH;
  }
}

static const char OK_HEAD[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";
static const char NOT_FOUND[] =
    "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

static void on_readable(struct conn *c) {
  char buf[4096];
  for (;;) {
    ssize_t r = read(c->fd, buf, sizeof buf);
    if (r == 0 || (r < 0 && errno != EAGAIN)) { close_conn(c->fd); return; }
    if (r < 0) return;
    if (c->state != HEAD) continue;  /* nothing more is expected from a client of a stream */
    int take = (int)r;
    if (c->headlen + take > (int)sizeof c->head - 1) take = (int)sizeof c->head - 1 - c->headlen;
    memcpy(c->head + c->headlen, buf, take);
    c->headlen += take;
    c->head[c->headlen] = 0;
    if (!strstr(c->head, "\r\n\r\n")) {
      if (c->headlen >= (int)sizeof c->head - 1) { close_conn(c->fd); return; }
      continue;
    }
    int paced = strncmp(c->head, "GET /paced", 10) == 0;
    int flood = strncmp(c->head, "GET /flood", 10) == 0;
    if (!paced && !flood) {
      if (write(c->fd, NOT_FOUND, sizeof NOT_FOUND - 1) < 0) { /* closing anyway */ }
      close_conn(c->fd);
      return;
    }
    memcpy(c->pend, OK_HEAD, sizeof OK_HEAD - 1);
    c->pendoff = 0;
    c->pendlen = sizeof OK_HEAD - 1;
    if (paced) {
      c->state = PACED;
      int f = flush_pending(c);
      if (f < 0) { close_conn(c->fd); return; }
      if (f == 0) want_out(c, 1);
      c->due = mono_ns() + (long long)(drand48() * period_ns);
      heap_push(c->fd);
    } else {
      c->state = FLOOD;
      want_out(c, 1);
      pump_flood(c);
      if (c->state == CLOSED) return;
    }
  }
}

static void on_signal(int s) { (void)s; stop = 1; }

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: sseback PORT [--period-ms 100] [--payload 64]\n");
    return 2;
  }
  int port = atoi(argv[1]);
  for (int i = 2; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--period-ms") == 0) period_ns = atoll(argv[i + 1]) * 1000000LL;
    else if (strcmp(argv[i], "--payload") == 0) payload = atoi(argv[i + 1]);
  }
  if (payload < 0 || payload > 400) payload = 64;
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTERM, on_signal);
  signal(SIGINT, on_signal);
  srand48(mono_ns());
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 4096) < 0) {
    perror("sseback: listen");
    return 1;
  }
  ep = epoll_create1(0);
  struct epoll_event lev = {.events = EPOLLIN, .data.fd = ls};
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);
  fprintf(stderr, "sseback: listening on 127.0.0.1:%d\n", port);
  struct epoll_event evs[512];
  while (!stop) {
    long long now = mono_ns();
    while (heap_n > 0 && conns[heap[0]]->due <= now) {
      struct conn *c = conns[heap[0]];
      c->due += period_ns;
      if (c->due < now) c->due = now + period_ns;  /* fell behind: keep the rate, lose the phase */
      heap_down(0);
      send_paced(c);
    }
    struct timespec to = {0, 0}, *top = NULL;
    if (heap_n > 0) {
      long long wait = conns[heap[0]]->due - mono_ns();
      if (wait < 0) wait = 0;
      to.tv_sec = wait / 1000000000LL;
      to.tv_nsec = wait % 1000000000LL;
      top = &to;
    }
    int k = epoll_pwait2(ep, evs, 512, top, NULL);
    for (int e = 0; e < k; e++) {
      int fd = evs[e].data.fd;
      if (fd == ls) {
        for (;;) {
          int cfd = accept4(ls, NULL, NULL, SOCK_NONBLOCK);
          if (cfd < 0) break;
          if (cfd >= MAX_CONNS) { close(cfd); continue; }
          setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          if (!conns[cfd]) conns[cfd] = malloc(sizeof(struct conn));
          struct conn *c = conns[cfd];
          c->fd = cfd;
          c->state = HEAD;
          c->headlen = 0;
          c->heap = -1;
          c->pendoff = c->pendlen = 0;
          struct epoll_event ev = {.events = EPOLLIN, .data.fd = cfd};
          epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
        }
        continue;
      }
      struct conn *c = conns[fd];
      if (c->state == CLOSED) continue;
      if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
      if (c->state == CLOSED) continue;
      if (evs[e].events & EPOLLOUT) {
        if (c->state == FLOOD) pump_flood(c);
        else {
          int r = flush_pending(c);
          if (r < 0) close_conn(fd);
          else if (r == 1) want_out(c, 0);
        }
      }
    }
  }
  fprintf(stderr, "sseback: paced events sent %lld, skipped (socket full) %lld, flood events %lld\n",
          paced_sent, skipped, flood_sent);
  return 0;
}
