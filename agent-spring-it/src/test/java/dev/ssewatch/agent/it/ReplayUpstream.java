package dev.ssewatch.agent.it;

import dev.ssewatch.agent.apps.SseScenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An upstream LLM and MCP server in the test's own JVM (no agent there), replaying recorded streams
 * whose every content string is the application's canary: {@code POST /replay/chat} (a chat
 * completion with {@code include_usage}, its first token 300 ms after the role chunk), {@code
 * /replay/chat-cut} (the connection closed after two content chunks, before finish and usage),
 * {@code /replay/mcp} (two progress notifications, then the JSON-RPC result) and {@code
 * /replay/mcp-cut} (closed after the first progress notification).
 */
final class ReplayUpstream implements AutoCloseable {

  /** Content chunks in a whole chat completion. */
  static final int CHAT_TOKENS = 4;

  /** The silence before the first token. */
  static final long THINKING_MILLIS = 300;

  private final ServerSocket server;
  private volatile String canary = "CANARY-unset";

  ReplayUpstream() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "replay-upstream");
    accept.setDaemon(true);
    accept.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The canary of the application the replayed content goes to. */
  void canary(String canary) {
    this.canary = canary;
  }

  static String progress(String canary, int i) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
        + "{\"progressToken\":\"t1\",\"progress\":"
        + i
        + ",\"total\":2,\"message\":\""
        + canary
        + " progress "
        + i
        + "\"}}";
  }

  static String result(String canary) {
    return "{\"jsonrpc\":\"2.0\",\"id\":42,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
        + canary
        + " result\"}],\"isError\":false}}";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "replay-upstream-exchange");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      String head = readHead(s.getInputStream());
      String target =
          head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
      skipBody(s.getInputStream(), head);
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                  + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      String c = canary;
      switch (target) {
        case "/replay/chat" -> {
          List<String> chunks = SseScenario.chatCompletion(c, CHAT_TOKENS);
          chunk(out, chunks.get(0));
          Thread.sleep(THINKING_MILLIS);
          for (String e : chunks.subList(1, chunks.size())) {
            chunk(out, e);
            Thread.sleep(10);
          }
          end(out);
        }
        case "/replay/chat-cut" -> {
          List<String> chunks = SseScenario.chatCompletion(c, CHAT_TOKENS);
          for (String e : chunks.subList(0, 3)) {
            chunk(out, e);
            Thread.sleep(10);
          }
          // The upstream goes away mid-answer: no finish, no usage, no [DONE].
        }
        case "/replay/mcp" -> {
          chunk(out, "id: 1\ndata: " + progress(c, 1) + "\n\n");
          Thread.sleep(50);
          chunk(out, "id: 2\ndata: " + progress(c, 2) + "\n\n");
          Thread.sleep(50);
          chunk(out, "id: 3\ndata: " + result(c) + "\n\n");
          end(out);
        }
        case "/replay/mcp-cut" -> {
          chunk(out, "id: 1\ndata: " + progress(c, 1) + "\n\n");
          Thread.sleep(50);
        }
        default -> end(out);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // The relay went away, or the test ended: nothing to answer.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("request ended in its head");
      }
      b.append((char) c);
    }
    return b.toString();
  }

  private static void skipBody(InputStream in, String head) throws IOException {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
  }

  private static void chunk(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void end(OutputStream out) throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
