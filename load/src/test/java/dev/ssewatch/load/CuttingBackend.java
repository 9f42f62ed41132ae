package dev.ssewatch.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A backend that answers with an event stream, sends one event, stays silent for a while and then
 * closes the connection without ending the response: what an intermediary's idle timeout does.
 */
final class CuttingBackend implements AutoCloseable {

  private final ServerSocket server;
  private final Thread acceptor;

  CuttingBackend(long silenceMillis) throws IOException {
    server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  new Thread(() -> serve(s, silenceMillis)).start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/events";
  }

  private static void serve(Socket s, long silenceMillis) {
    try (s) {
      InputStream in = s.getInputStream();
      // Read the request head: up to the blank line.
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n9\r\ndata: a\n\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(silenceMillis);
    } catch (IOException | InterruptedException e) {
      // closed either way
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
