package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Netty servers: a stream the server closes before its end is the server's abort, not the client's,
 * whether a handler closes the channel or Reactor Netty drops the connection when the response's
 * publisher fails, while a client's reset stays {@code client_abort}, even where the server's error
 * handling closes the connection after the failed read (Vert.x).
 */
interface NettyCloseContract {

  AgentContract contract();

  @Test
  default void aStreamTheServerClosesBeforeItsEndIsAnUpstreamAbort() throws Exception {
    assertServerClose("/sse/server-close?n=2&case=server-close", "upstream_abort", 2);
  }

  @Test
  default void aClientThatResetsTheConnectionIsAClientAbort() throws Exception {
    AgentContract c = contract();
    String url = "/sse/forever?case=reset";
    try (Socket socket = new Socket("127.0.0.1", c.app().port())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String seen = "";
      byte[] buf = new byte[4096];
      while (seen.split("\n\n", -1).length < 3) {
        int n = in.read(buf);
        assertThat(n).as("the stream goes on").isPositive();
        seen += new String(buf, 0, n, StandardCharsets.UTF_8);
      }
      // A zero linger makes the close a reset: the server's next read fails.
      socket.setSoLinger(true, 0);
    }
    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    assertThat(end).containsEntry("close_reason", "client_abort");
    assertThat((BigDecimal) end.get("events")).isGreaterThanOrEqualTo(BigDecimal.valueOf(2));
  }

  /** Reads the stream until the server closes it and checks how the agent recorded its end. */
  default void assertServerClose(String url, String reason, int events) throws Exception {
    AgentContract c = contract();
    HttpResponse<InputStream> response =
        c.client().send(c.request(url), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    try (InputStream in = response.body()) {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // until the server's close
      }
    } catch (IOException expected) {
      // a chunked body cut before its last chunk
    }
    String id = AgentContract.awaitValue(() -> c.telemetry().streamId(url));
    Map<String, Object> end = AgentContract.awaitValue(() -> c.telemetry().end(id));
    assertThat(end)
        .containsEntry("close_reason", reason)
        .containsEntry("events", BigDecimal.valueOf(events));
    c.assertNothingLeaked();
  }
}
