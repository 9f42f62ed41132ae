package dev.ssewatch.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A client on a raw socket: sends exactly the bytes a test gives it and reads responses as they
 * come, byte for byte, so framing errors show instead of being smoothed over by an HTTP client.
 */
final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  RawClient send(String latin1) throws IOException {
    socket.getOutputStream().write(latin1.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * One response, head and body, as received: the body is read as the head frames it
   * (Content-Length, chunked up to and including its last chunk, or up to the close), so what is
   * left on the connection is the next response.
   */
  String response() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return head.toString();
      }
      head.append((char) c);
    }
    String h = head.toString();
    String lower = h.toLowerCase(Locale.ROOT);
    int status = Integer.parseInt(h.substring(9, 12));
    if (status < 200 || status == 204 || status == 304) {
      return h;
    }
    String length = field(lower, "content-length");
    if (length != null) {
      return h + new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.ISO_8859_1);
    }
    if ("chunked".equals(field(lower, "transfer-encoding"))) {
      StringBuilder body = new StringBuilder();
      while (true) {
        String size = line();
        body.append(size).append("\r\n");
        int n = Integer.parseInt(size.trim(), 16);
        if (n == 0) {
          String t;
          while (!(t = line()).isEmpty()) {
            body.append(t).append("\r\n");
          }
          body.append("\r\n");
          return h + body;
        }
        body.append(new String(in.readNBytes(n + 2), StandardCharsets.ISO_8859_1));
      }
    }
    return h + rest();
  }

  /** Everything up to the close. */
  String rest() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      in.transferTo(b);
    } catch (IOException e) {
      // a reset ends it too
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** Whether the proxy closed the connection (after anything still unread). */
  boolean closedByPeer() throws IOException {
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return b.toString().replaceAll("\r$", "");
      }
      b.append((char) c);
    }
    throw new IOException("connection closed mid-line: " + b);
  }

  private static String field(String lowerHead, String name) {
    int i = lowerHead.indexOf("\r\n" + name + ":");
    if (i < 0) {
      return null;
    }
    int start = i + name.length() + 3;
    return lowerHead.substring(start, lowerHead.indexOf("\r\n", start)).trim();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
