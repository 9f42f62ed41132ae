package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The full-speed mode's client: every stream read by one thread through one selector into one large
 * buffer, each response counted by an {@link EventEndCounter} (bytes and {@code \n\n}, no parsing,
 * no allocation per read), so that reading costs the client's core far less per event than the
 * server spends writing it, and the server is the bottleneck. Every stream asks for more events
 * than a run reads; the streams are closed by the client, which the servers see as a client that
 * went away.
 */
final class LeanClient implements AutoCloseable {

  /** Events asked for per stream: more than any run reads. */
  static final int UNENDING = Integer.MAX_VALUE;

  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final List<EventEndCounter> counters = new ArrayList<>();
  private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
  private IOException failure;

  private LeanClient() throws IOException {
    selector = Selector.open();
  }

  /** Opens {@code streams} streams of {@code GET /sse} at full speed on {@code 127.0.0.1:port}. */
  static LeanClient open(int port, int streams) throws IOException {
    LeanClient c = new LeanClient();
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
        EventEndCounter counter = new EventEndCounter();
        c.counters.add(counter);
        ch.register(c.selector, SelectionKey.OP_READ, counter);
      }
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Reads every stream until {@code deadline} ({@link System#nanoTime()}). */
  void readUntil(long deadline) throws IOException {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      selector.select(this::read, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void read(SelectionKey key) {
    try {
      int n = ((SocketChannel) key.channel()).read(buffer.clear());
      if (n < 0) {
        // An unending stream ended: the load is no longer what is measured.
        key.cancel();
        failure = new IOException("the server ended a stream during the run");
        return;
      }
      ((EventEndCounter) key.attachment()).feed(buffer.array(), 0, n);
    } catch (IOException e) {
      key.cancel();
      failure = e;
    }
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
    selector.close();
  }
}
