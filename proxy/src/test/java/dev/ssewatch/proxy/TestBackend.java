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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on raw sockets, so each test controls every byte, every flush and every abort. One
 * thread per connection; a handler answers one request and says whether the connection goes on.
 */
final class TestBackend implements AutoCloseable {

  @FunctionalInterface
  interface Handler {
    /** Answers {@code req}; returns whether to read another request on the same connection. */
    boolean handle(Request req, Conn conn) throws Exception;
  }

  /** A parsed request head plus its body. */
  record Request(String method, String target, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    boolean has(String name) {
      return headers.containsKey(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One accepted connection. */
  static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    volatile boolean closedByPeer;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    void write(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void chunk(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    void endChunks() throws IOException {
      write("0\r\n\r\n");
    }

    void sseHead() throws IOException {
      write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
              + "Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n");
    }

    /** Blocks until the peer closes (read returns -1 or fails); returns true if it did. */
    boolean awaitPeerClose() {
      try {
        while (in.read() >= 0) {
          // discard
        }
      } catch (IOException e) {
        // a reset is a close too
      }
      closedByPeer = true;
      return true;
    }
  }

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> daemon(r));
  final List<Conn> connections = new CopyOnWriteArrayList<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger accepted = new AtomicInteger();

  TestBackend(Handler handler) throws IOException {
    this(handler, new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
  }

  /** A backend on a given (e.g. TLS) server socket. */
  TestBackend(Handler handler, ServerSocket server) {
    this.server = server;
    pool.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              accepted.incrementAndGet();
              Conn c = new Conn(s);
              connections.add(c);
              pool.execute(() -> serve(c, handler));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  URI uri() {
    String scheme = server instanceof javax.net.ssl.SSLServerSocket ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort());
  }

  int port() {
    return server.getLocalPort();
  }

  private void serve(Conn c, Handler handler) {
    try (Socket s = c.socket) {
      while (true) {
        Request req = readRequest(c.in);
        if (req == null) {
          c.closedByPeer = true;
          return;
        }
        requests.add(req);
        if (!handler.handle(req, c)) {
          return;
        }
      }
    } catch (Exception e) {
      c.closedByPeer = true;
    }
  }

  static Request readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null || line.isEmpty()) {
      return null;
    }
    String[] parts = line.split(" ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String h;
    while ((h = readLine(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      headers
          .computeIfAbsent(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }
    byte[] body = new byte[0];
    List<String> te = headers.get("transfer-encoding");
    List<String> cl = headers.get("content-length");
    if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(readLine(in).split(";")[0].trim(), 16);
        if (size == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(size));
        readLine(in);
      }
      body = b.toByteArray();
    } else if (cl != null) {
      body = in.readNBytes(Integer.parseInt(cl.get(0)));
    }
    return new Request(parts[0], parts[1], headers, body);
  }

  static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "test-backend");
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Conn c : connections) {
      c.socket.close();
    }
    pool.shutdownNow();
  }
}
