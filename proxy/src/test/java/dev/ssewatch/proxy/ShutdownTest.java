package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.testing.RecordingConsumer;
import dev.ssewatch.proxy.sse.StreamTaps;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ShutdownTest {

  private TestBackend backend;

  @AfterEach
  void stop() throws Exception {
    if (backend != null) {
      backend.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void shutdownClosesEveryClientConnectionStreamingOrNot(Transport transport) throws Exception {
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              c.chunk("data: 1\n\n");
              return true;
            });
    ProxyServer proxy = ProxyFixture.start(backend.uri(), StreamTaps.NONE, transport);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(30_000);
        sockets.add(s);
        if (i % 2 == 0) {
          s.getOutputStream()
              .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          ForwardingTest.readUntil(s.getInputStream(), "data: 1\n");
        }
      }
      // Three open streams and three connections that never sent a request.
      await().atMost(Duration.ofSeconds(30)).until(() -> proxy.clientChannels().size() == 6);

      proxy.shutdown(Duration.ZERO);

      assertThat(proxy.clientChannels()).isEmpty();
      for (Socket s : sockets) {
        // Whatever was still in flight, then the end of the connection.
        s.getInputStream().readAllBytes();
      }
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  @Test
  void shutdownStopsAcceptingDrainsThenEndsOpenStreamsCleanly() throws Exception {
    AtomicBoolean backendClosed = new AtomicBoolean();
    backend =
        new TestBackend(
            (req, c) -> {
              c.sseHead();
              try {
                for (int i = 0; i < 200; i++) {
                  c.chunk("data: " + i + "\n\n");
                  Thread.sleep(25);
                }
              } catch (java.io.IOException e) {
                backendClosed.set(true);
              }
              return false;
            });
    RecordingConsumer records = new RecordingConsumer();
    ProxyServer proxy = ProxyFixture.startRecording(backend.uri(), records, o -> o);
    int port = proxy.port();

    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      s.getOutputStream()
          .write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ForwardingTest.readUntil(s.getInputStream(), "data: 1\n");

      long started = System.nanoTime();
      CompletableFuture<Void> shutdown =
          CompletableFuture.runAsync(() -> proxy.shutdown(Duration.ofMillis(400)));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                      .isInstanceOf(ConnectException.class));

      // Events keep flowing during the drain, then the stream ends with its last chunk.
      String rest = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(rest).contains("data: 5\n").endsWith("\r\n0\r\n\r\n");
      assertThat(tookMillis).isGreaterThanOrEqualTo(400);
      shutdown.get();
    }
    await().atMost(Duration.ofSeconds(30)).untilTrue(backendClosed);
    assertThat(records.single(StreamEnd.class).closeReason()).isEqualTo(CloseReason.COMPLETED);
  }
}
