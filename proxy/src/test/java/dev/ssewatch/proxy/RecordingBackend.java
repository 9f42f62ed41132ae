package dev.ssewatch.proxy;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A backend on raw sockets that records exactly the bytes each connection receives, so a test can
 * say what reached the backend and nothing else: a smuggled request shows up here even when no
 * parser would have seen it. Each request it can parse is answered by the responder.
 */
final class RecordingBackend implements AutoCloseable {

  @FunctionalInterface
  interface Responder {
    /** Answers {@code req}; returns whether to read another request on the same connection. */
    boolean respond(TestBackend.Request req, OutputStream out, Socket socket) throws IOException;
  }

  /** One accepted connection and everything it received. */
  static final class Received {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile boolean closed;

    synchronized String text() {
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    synchronized void add(int b) {
      bytes.write(b);
    }

    synchronized void add(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }
  }

  /** A responder for a plain {@code 200} with a two-byte body, keeping the connection. */
  static final Responder OK =
      (req, out, s) -> {
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
      };

  private final ServerSocket server;
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "recording-backend");
            t.setDaemon(true);
            return t;
          });
  final List<Received> connections = new CopyOnWriteArrayList<>();
  final List<Socket> sockets = new CopyOnWriteArrayList<>();

  RecordingBackend(Responder responder) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              Received r = new Received();
              connections.add(r);
              sockets.add(s);
              pool.execute(() -> serve(s, r, responder));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  private static void serve(Socket s, Received r, Responder responder) {
    try (s) {
      InputStream in = new Recorded(s.getInputStream(), r);
      OutputStream out = s.getOutputStream();
      while (true) {
        TestBackend.Request req = TestBackend.readRequest(in);
        if (req == null) {
          // Whatever else comes is recorded too, until the proxy closes.
          while (in.read() >= 0) {
            // recorded by the stream
          }
          break;
        }
        if (!responder.respond(req, out, s)) {
          break;
        }
      }
    } catch (Exception e) {
      // a reset or an unparsable request: what arrived is recorded
    } finally {
      r.closed = true;
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The authority the proxy sends as {@code Host}. */
  String authority() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** Everything every connection received, in the order the connections were accepted. */
  List<String> received() {
    List<String> out = new ArrayList<>();
    for (Received r : connections) {
      out.add(r.text());
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    pool.shutdownNow();
  }

  /** Records every byte read through it. */
  private static final class Recorded extends FilterInputStream {
    private final Received r;

    Recorded(InputStream in, Received r) {
      super(in);
      this.r = r;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        r.add(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        r.add(b, off, n);
      }
      return n;
    }
  }
}
