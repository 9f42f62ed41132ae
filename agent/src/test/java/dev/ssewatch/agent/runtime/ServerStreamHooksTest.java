package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerStreamHooksTest {

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));

  @AfterEach
  void close() {
    recorders.close();
  }

  private BodyContext start(Object key, String contentType) {
    return hooks.start(
        key,
        "test",
        null,
        "GET",
        "/events",
        List.of(Map.entry("Accept", "text/event-stream")),
        200,
        List.of(
            Map.entry("Content-Type", contentType), Map.entry("Set-Cookie", List.of("a", "b"))));
  }

  @Test
  void aResponseThatIsNotAnEventStreamIsNeitherRecordedNorBound() {
    Object key = new Object();

    assertThat(start(key, "text/plain")).isNull();
    assertThat(SseHooks.context(key)).isNull();
    assertThat(records).isEmpty();
  }

  @Test
  void anEventStreamIsBoundToItsKeyAndItsAliasesUntilItEnds() {
    Object key = new Object();
    Object alias = new Object();
    BodyContext c = start(key, "text/event-stream; charset=UTF-8");
    hooks.bind(alias, c);

    assertThat(SseHooks.context(key)).isSameAs(c);
    assertThat(SseHooks.context(alias)).isSameAs(c);
    c.onClose();
    assertThat(SseHooks.context(key)).isNull();
    assertThat(SseHooks.context(alias)).isNull();
    assertThat(end().closeReason()).isEqualTo(CloseReason.COMPLETED);
  }

  /** Helidon's socket writer wraps the client's disconnect in an unchecked exception. */
  @Test
  void aWriteFailingWithAWrappedIoExceptionEndsTheStreamAsClientAbort() {
    BodyContext c = start(new Object(), "text/event-stream");
    byte[] event = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
    c.onBytes(event, 0, event.length);
    c.onFlush();

    c.onFailure(new IllegalStateException("not an I/O failure"));
    assertThat(records).noneMatch(r -> r instanceof StreamEnd);
    c.onFailure(new UncheckedIOException(new IOException("Broken pipe")));

    assertThat(end().closeReason()).isEqualTo(CloseReason.CLIENT_ABORT);
    assertThat(end().events()).isEqualTo(1);
  }

  @Test
  void headerValuesAreStringsOrIterablesOfStrings() {
    assertThat(
            ServerStreamHooks.flatten(
                List.of(
                    Map.entry("A", "1"),
                    Map.entry("B", List.of("2", "3")),
                    Map.entry("C", new StringBuilder("4")))))
        .containsExactly(
            new Header("A", "1"), new Header("B", "2"), new Header("B", "3"), new Header("C", "4"));
  }

  private StreamEnd end() {
    return records.stream()
        .filter(r -> r instanceof StreamEnd)
        .map(r -> (StreamEnd) r)
        .findFirst()
        .orElseThrow();
  }
}
