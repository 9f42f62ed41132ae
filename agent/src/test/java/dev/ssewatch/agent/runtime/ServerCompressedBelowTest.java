package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server's compressor below the writes of a server family's stream (Undertow's {@code
 * EncodingHandler}) reports its output: the writes are the events, the compressor's output is the
 * stream's bytes, and the stream ends when the compressor has written the coding's end. A stream
 * whose first write comes before the commit waits for it, so that its record has the coding.
 */
class ServerCompressedBelowTest {

  private static final byte[] EVENT = "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8);

  private final List<TelemetryRecord> records = new CopyOnWriteArrayList<>();
  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, records::add, TimeSource.system());
  private final ServerStreamHooks hooks =
      new ServerStreamHooks(recorders, new RecordingWarmUp(Settings.of(Map.of())));
  private final Object compressorOutput = new Object();

  @AfterEach
  void close() {
    recorders.close();
  }

  private ServerResponseStream stream() {
    return (ServerResponseStream)
        hooks.start(
            new Object(),
            "test",
            null,
            "GET",
            "/events",
            List.of(Map.entry("Accept", "text/event-stream")),
            200,
            List.of(
                Map.entry("Content-Type", "text/event-stream"),
                Map.entry("Content-Encoding", "gzip")));
  }

  private Optional<StreamEnd> end() {
    return records.stream().filter(r -> r instanceof StreamEnd).map(r -> (StreamEnd) r).findFirst();
  }

  @Test
  void compressedOutputIsTheStreamsBytesAndTheWritesItsEvents() {
    ServerResponseStream s = stream();
    s.committed(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    BodyContext output = SseHooks.context(compressorOutput);
    output.onCompressedBytes(30);
    s.onBytes(ByteBuffer.wrap(EVENT));
    output.onCompressedBytes(12);
    s.onClose();
    // The body is closed; the compressor then writes the coding's end.
    assertThat(end()).isEmpty();
    output.onCompressedBytes(10);
    output.onContainerCompleted(null);

    StreamEnd end = end().orElseThrow();
    assertThat(end.events()).isEqualTo(2);
    assertThat(end.bytes()).isEqualTo(52);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aSecondCloseEndsTheStreamWhenTheCompressorNeverWroteItsEnd() {
    ServerResponseStream s = stream();
    s.committed(compressorOutput);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(20);
    s.onClose();
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(20);
  }

  @Test
  void aCompressorFoundAfterBytesWereCountedIsNotTaken() {
    ServerResponseStream s = stream();
    s.onBytes(EVENT, 0, EVENT.length);

    s.committed(compressorOutput);
    s.onCompressedBytes(99);
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(EVENT.length);
    assertThat(SseHooks.context(compressorOutput)).isNull();
  }

  @Test
  void aStreamWithoutACompressorEndsAtItsClose() {
    ServerResponseStream s = stream();
    s.committed(null);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(99);
    s.onClose();

    assertThat(end().orElseThrow().bytes()).isEqualTo(EVENT.length);
    assertThat(end().orElseThrow().events()).isEqualTo(1);
  }

  @Test
  void aStreamWrittenBeforeTheCommitIsRecordedWithTheHeadersOfTheCommit() {
    FakeExchange exchange = new FakeExchange();
    ServerResponseStream s = ServerResponseStream.holding(recorders, exchange, System.nanoTime());
    s.bind(exchange);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onBytes(ByteBuffer.wrap(EVENT));
    assertThat(records).isEmpty();

    // The EncodingHandler adds its header and its compressor as the response commits.
    exchange.responseHeaders.put("Content-Encoding", "gzip");
    s.committed(compressorOutput);
    s.onCompressedBytes(25);
    s.onBytes(EVENT, 0, EVENT.length);
    s.onCompressedBytes(9);
    s.onContainerCompleted(null);

    StreamStart start =
        records.stream()
            .filter(r -> r instanceof StreamStart)
            .map(r -> (StreamStart) r)
            .findFirst()
            .orElseThrow();
    assertThat(start.responseHeaders()).contains(new Header("Content-Encoding", "gzip"));
    assertThat(start.url()).isEqualTo("/events?n=3");
    StreamEnd end = end().orElseThrow();
    assertThat(end.events()).isEqualTo(3);
    assertThat(end.bytes()).isEqualTo(34);
    assertThat(SseHooks.context(exchange)).isNull();
  }

  @Test
  void aHeldStreamThatEndsWithoutACommitIsRecordedWithTheHeadersSoFar() {
    FakeExchange exchange = new FakeExchange();
    ServerResponseStream s = ServerResponseStream.holding(recorders, exchange, System.nanoTime());
    s.onBytes(EVENT, 0, EVENT.length);
    s.onClose();

    StreamEnd end = end().orElseThrow();
    assertThat(end.events()).isEqualTo(1);
    assertThat(end.bytes()).isEqualTo(EVENT.length);
  }

  /** The methods of Undertow's {@code HttpServerExchange} the agent reads, by name. */
  public static final class FakeExchange {
    final Map<String, String> responseHeaders = new LinkedHashMap<>();

    public FakeExchange() {
      responseHeaders.put("Content-Type", "text/event-stream");
    }

    public String getRequestURI() {
      return "/events";
    }

    public String getQueryString() {
      return "n=3";
    }

    public String getRequestMethod() {
      return "GET";
    }

    public int getStatusCode() {
      return 200;
    }

    public List<FakeHeaderValues> getRequestHeaders() {
      return List.of(new FakeHeaderValues("Accept", "text/event-stream"));
    }

    public List<FakeHeaderValues> getResponseHeaders() {
      List<FakeHeaderValues> out = new ArrayList<>();
      responseHeaders.forEach((k, v) -> out.add(new FakeHeaderValues(k, v)));
      return out;
    }
  }

  /** Undertow's {@code HeaderValues}: a header's name and its values. */
  public static final class FakeHeaderValues extends ArrayList<String> {
    private final String name;

    FakeHeaderValues(String name, String value) {
      this.name = name;
      add(value);
    }

    public String getHeaderName() {
      return name;
    }
  }
}
