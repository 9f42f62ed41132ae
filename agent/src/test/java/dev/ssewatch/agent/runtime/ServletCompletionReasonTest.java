package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container says it is done with an exchange, and with what failure: the stream ends, once,
 * with the reason that failure means.
 */
class ServletCompletionReasonTest {

  private static final byte[] EVENT = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());

  @AfterEach
  void close() {
    recorders.close();
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        // written to its end
        Arguments.of(null, -1, "completed"),
        // the client went away (Jetty's EofException is an EOFException)
        Arguments.of(new EOFException("reset"), -1, "client_abort"),
        Arguments.of(new IOException("Broken pipe"), -1, "client_abort"),
        // the connection's idle timeout, as it is or wrapped in an I/O failure
        Arguments.of(new TimeoutException("Idle timeout expired"), -1, "idle_timeout"),
        Arguments.of(new IOException(new TimeoutException("Idle timeout")), -1, "idle_timeout"),
        // a body shorter than its length, which Jetty 12.1 aborts with an IOException
        Arguments.of(new IOException("Insufficient content written"), 1000, "upstream_abort"),
        // any other failure of a response whose output the container never finished
        Arguments.of(
            new CancellationException("Completed whilst write unready"), -1, "upstream_abort"),
        Arguments.of(new IllegalStateException("recycled unfinished"), -1, "upstream_abort"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void theFailureGivesTheReason(Throwable failure, long contentLength, String reason) {
    ServletStream s = stream();
    s.contentLength(contentLength);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onContainerCompleted(failure);
    s.onContainerCompleted(null);

    assertThat(ends())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.closeReason().wireName()).isEqualTo(reason);
              assertThat(e.events()).isEqualTo(1);
            });
  }

  @Test
  void aBodyAsLongAsItsLengthIsNotCutShort() {
    ServletStream s = stream();
    s.contentLength(EVENT.length);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onContainerCompleted(new EOFException("reset"));

    assertThat(ends())
        .singleElement()
        .satisfies(e -> assertThat(e.closeReason().wireName()).isEqualTo("client_abort"));
  }

  private ServletStream stream() {
    return ServletFakes.eventStream(
        recorders,
        Settings.of(Map.of()),
        ServletFakes.request(),
        ServletFakes.eventStreamResponse(() -> true));
  }

  private List<StreamEnd> ends() {
    return records.stream().filter(r -> r instanceof StreamEnd).map(r -> (StreamEnd) r).toList();
  }
}
