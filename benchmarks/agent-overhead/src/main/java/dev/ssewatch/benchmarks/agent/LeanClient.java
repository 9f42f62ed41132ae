package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The full-speed mode's client: every stream read by one thread into one large buffer, each
 * response counted by an {@link EventEndCounter} (bytes and {@code \n\n}, no parsing, no allocation
 * per read), so that reading costs the client's core far less per event than the server spends
 * writing it, and the server is the bottleneck.
 *
 * <p>The streams are read in turn once per {@code pollNanos}, without waiting on them in between.
 * How the client reads changes what the server's writes cost it: on loopback the receiving side's
 * TCP work runs in the writer's system call, and a reader waiting on the sockets is woken by the
 * writes. Waiting on a selector, or polling every millisecond, identical launches of the server
 * came out at 9 to 19 µs of CPU per event, most of the difference kernel time; polled every 200 µs,
 * the server's writes find nobody to wake and little queued, and the same server came out at 8.5 to
 * 9.5 µs in four launches. Every stream asks for more events than a run reads; the streams are
 * closed by the client, which the servers see as a client that went away.
 */
final class LeanClient implements AutoCloseable {

  /** Events asked for per stream: more than any run reads. */
  static final int UNENDING = Integer.MAX_VALUE;

  private final long pollNanos;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final List<EventEndCounter> counters = new ArrayList<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

  private LeanClient(long pollNanos) {
    this.pollNanos = pollNanos;
  }

  /**
   * Opens {@code streams} streams of {@code GET /sse} at full speed on {@code 127.0.0.1:port}, read
   * every {@code pollNanos}.
   */
  static LeanClient open(int port, int streams, long pollNanos) throws IOException {
    LeanClient c = new LeanClient(pollNanos);
    try {
      byte[] request =
          ("GET /sse?n="
                  + UNENDING
                  + "&pauseNanos=0 HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      for (int s = 0; s < streams; s++) {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        c.channels.add(ch);
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
          ch.write(out);
        }
        ch.configureBlocking(false);
        c.counters.add(new EventEndCounter());
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Reads every stream until {@code deadline} ({@link System#nanoTime()}). */
  void readUntil(long deadline) throws IOException {
    while (deadline - System.nanoTime() > 0) {
      for (int i = 0; i < channels.size(); i++) {
        drain(channels.get(i), counters.get(i));
      }
      LockSupport.parkNanos(pollNanos);
    }
  }

  /** Everything a stream has for now. */
  private void drain(SocketChannel ch, EventEndCounter counter) throws IOException {
    int n;
    do {
      n = ch.read(buffer.clear());
      if (n < 0) {
        // An unending stream ended: the load is no longer what is measured.
        throw new IOException("the server ended a stream during the run");
      }
      counter.feed(buffer.array(), 0, n);
    } while (n == buffer.capacity());
  }

  /** Event ends read so far, all streams. */
  long events() {
    long sum = 0;
    for (EventEndCounter c : counters) {
      sum += c.events();
    }
    return sum;
  }

  /** Body bytes read so far, all streams. */
  long bodyBytes() {
    long sum = 0;
    for (EventEndCounter c : counters) {
      sum += c.bodyBytes();
    }
    return sum;
  }

  @Override
  public void close() throws IOException {
    for (SocketChannel ch : channels) {
      ch.close();
    }
  }
}
