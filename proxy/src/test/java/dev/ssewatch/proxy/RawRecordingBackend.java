package dev.ssewatch.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A backend on a raw loopback socket that records exactly the bytes each connection receives. It
 * reads them as a strict peer would ({@link StrictHttp}): each complete request gets {@link #reply}
 * (by default a short 200), and what it cannot parse is kept as a finding. With {@link
 * #respondWith} set, it answers the first request of each connection with those bytes instead and
 * ends its side of the connection.
 */
final class RawRecordingBackend implements AutoCloseable {

  static final byte[] OK =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
          .getBytes(StandardCharsets.US_ASCII);

  /** What one connection received and what the strict reading made of it. */
  static final class Conn {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<StrictHttp.Message> requests = new ArrayList<>();
    String malformed;
    volatile boolean closed;
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Conn> conns = new ArrayList<>();
  private volatile byte[] respondWith;
  private final java.util.concurrent.atomic.AtomicLong receivedBytes =
      new java.util.concurrent.atomic.AtomicLong();

  RawRecordingBackend() throws IOException {
    server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Answers the next connections' first request with {@code bytes}; {@code null}: parse all. */
  void respondWith(byte[] bytes) {
    this.respondWith = bytes;
  }

  /** Takes the record of every connection so far, for one fuzz input. */
  synchronized List<Conn> drain() {
    List<Conn> out = new ArrayList<>(conns);
    conns.clear();
    return out;
  }

  /** Bytes received on all connections so far. */
  long receivedBytes() {
    return receivedBytes.get();
  }

  /** Whether every connection so far has been closed. */
  synchronized boolean allClosed() {
    return conns.stream().allMatch(c -> c.closed);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Conn c = new Conn();
        synchronized (this) {
          conns.add(c);
        }
        byte[] canned = respondWith;
        threads.execute(() -> serve(s, c, canned));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s, Conn c, byte[] canned) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[8192];
      int parsed = 0;
      boolean answered = false;
      int n;
      while ((n = in.read(buf)) > 0) {
        receivedBytes.addAndGet(n);
        byte[] all;
        synchronized (c) {
          c.received.write(buf, 0, n);
          all = c.received.toByteArray();
        }
        while (c.malformed == null) {
          StrictHttp.Message m;
          try {
            m = StrictHttp.request(all, parsed, all.length);
          } catch (StrictHttp.Malformed e) {
            c.malformed = e.getMessage();
            break;
          }
          if (m == null || !m.complete()) {
            break;
          }
          synchronized (c) {
            c.requests.add(m);
          }
          parsed = m.end();
          if (canned == null) {
            out.write(OK);
            out.flush();
          } else if (!answered) {
            answered = true;
            out.write(canned);
            out.flush();
            // Our side ends here; reading on until the proxy closes keeps the response from a
            // reset that unread bytes would cause.
            s.shutdownOutput();
          }
        }
      }
    } catch (IOException ignored) {
      // The proxy reset the connection: what was received so far is the record.
    } finally {
      c.closed = true;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
