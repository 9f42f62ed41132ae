package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.time.TimeSource;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.apache.catalina.connector.Response;
import org.apache.coyote.http11.filters.GzipOutputFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tomcat's gzip filter, made active for a response, finds that response's event stream through
 * Tomcat's own objects (the coyote response, its container response, the facade the application was
 * handed) and ties its compressed output to it; to nothing else.
 */
class TomcatCompressorTest {

  private final StreamRecorders recorders =
      StreamRecorders.createWithoutTicker(
          Settings.of(Map.of()), StreamSource.AGENT, r -> {}, TimeSource.system());
  private final Object request = ServletFakes.request();
  private final org.apache.coyote.Response coyote = new org.apache.coyote.Response();
  private final Response container = new Response();
  private final Object output = new Object();
  private Object facade;

  @BeforeEach
  void connect() {
    container.setCoyoteResponse(coyote);
    coyote.setNote(1, container);
    facade = container.getResponse();
  }

  @AfterEach
  void close() {
    SseHooks.CONTEXTS.remove(facade, SseHooks.CONTEXTS.get(facade));
    recorders.close();
  }

  private ServletStream followed(String contentType) {
    ServletStream s =
        new ServletStream(
            recorders,
            new RecordingWarmUp(Settings.of(Map.of())),
            request,
            facade,
            "jakarta.servlet",
            System.nanoTime());
    SseHooks.CONTEXTS.put(facade, s);
    // Set on the response, not told when the body is handed out: read when the filter is set up.
    ((HttpServletResponse) facade).setContentType(contentType);
    s.attachBody(new Object(), null);
    return s;
  }

  @Test
  void anEventStreamsCompressedOutputIsTiedToItUntilItEnds() {
    ServletStream s = followed("text/event-stream");

    TomcatCompressor.attach(coyote, output);

    assertThat(SseHooks.context(output)).isSameAs(s);
    s.end(CloseReason.COMPLETED);
    assertThat(SseHooks.context(output)).isNull();
  }

  /** Over HTTP/2 the filter itself is handed over, made for the one response it compresses. */
  @Test
  void anHttp2ResponsesGzipFilterTiesItsInnerStream() throws Exception {
    ServletStream s = followed("text/event-stream");
    GzipOutputFilter filter = new GzipOutputFilter();

    TomcatCompressor.attach(coyote, filter);

    assertThat(SseHooks.context(Reflect.field(filter, "fakeOutputStream"))).isSameAs(s);
    assertThat(SseHooks.context(filter)).isNull();
    s.end(CloseReason.COMPLETED);
  }

  @Test
  void aCompressedResponseThatIsNotAnEventStreamIsNotTied() {
    followed("application/json");

    TomcatCompressor.attach(coyote, output);

    assertThat(SseHooks.context(output)).isNull();
  }

  @Test
  void aResponseTheAgentDoesNotFollowIsNotTied() {
    TomcatCompressor.attach(coyote, output);

    assertThat(SseHooks.context(output)).isNull();
  }

  @Test
  void theFilterServesTheConnectionsNextResponseForItselfOnly() {
    // The filter belongs to the connection: a stream, then a JSON response, then another stream.
    ServletStream first = followed("text/event-stream");
    TomcatCompressor.attach(coyote, output);
    first.end(CloseReason.COMPLETED);

    followed("application/json");
    TomcatCompressor.attach(coyote, output);
    assertThat(SseHooks.context(output)).isNull();

    ServletStream third = followed("text/event-stream");
    TomcatCompressor.attach(coyote, output);
    assertThat(SseHooks.context(output)).isSameAs(third);
    third.end(CloseReason.COMPLETED);
  }
}
