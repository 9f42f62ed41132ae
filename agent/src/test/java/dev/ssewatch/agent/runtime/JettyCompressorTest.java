package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.server.handler.gzip.GzipResponseAndCallback;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jetty 12's {@code GzipHandler} below the servlet layer, found among the core response's wrappers
 * with Jetty's own classes: it holds what the servlet flushes only while compressing without a sync
 * flush.
 */
class JettyCompressorTest {

  private static final ConnectionMetaData METADATA =
      (ConnectionMetaData)
          Proxy.newProxyInstance(
              ConnectionMetaData.class.getClassLoader(),
              new Class<?>[] {ConnectionMetaData.class},
              (proxy, method, args) ->
                  method.getName().equals("getHttpConfiguration") ? new HttpConfiguration() : null);

  private static final Request REQUEST =
      (Request)
          Proxy.newProxyInstance(
              Request.class.getClassLoader(),
              new Class<?>[] {Request.class},
              (proxy, method, args) ->
                  method.getName().equals("getConnectionMetaData") ? METADATA : null);

  /** The connection's own response, the innermost: it wraps nothing. */
  private static final Response CHANNEL =
      (Response)
          Proxy.newProxyInstance(
              Response.class.getClassLoader(),
              new Class<?>[] {Response.class},
              (proxy, method, args) -> null);

  @ParameterizedTest(name = "sync flush {0}, {1}: holds flushes {2}")
  @CsvSource({
    // Compressing, and a flush only feeds the deflater.
    "false, COMPRESSING,     true",
    // The sync flush sends what the deflater has at every flush.
    "true,  COMPRESSING,     false",
    // Decided against compressing (a type or size it leaves alone): bytes pass through.
    "false, NOT_COMPRESSING, false",
    // Nothing written yet: no decision.
    "false, MIGHT_COMPRESS,  false",
    // The last write: the deflater is finishing and sends everything.
    "false, FINISHING,       false",
  })
  void holdsFlushesOnlyWhileCompressingWithoutSyncFlush(
      boolean syncFlush, String state, boolean holds) throws Exception {
    Response gzip = gzip(syncFlush, state);
    assertThat(ContainerBodies.jettyCompressorHoldsFlushes(gzip)).isEqualTo(holds);
    // Behind the context's and any other handler's wrappers, as the servlet layer sees it.
    Response wrapped = new Response.Wrapper(REQUEST, new Response.Wrapper(REQUEST, gzip));
    assertThat(ContainerBodies.jettyCompressorHoldsFlushes(wrapped)).isEqualTo(holds);
  }

  @ParameterizedTest(name = "{0}: its output is watched {1}")
  @CsvSource({
    // Not decided yet: it decides at the response's first write, and may compress it.
    "MIGHT_COMPRESS,  true",
    // Committed without a body so far (flushBuffer): its output is yet to come.
    "COMPRESSING,     true",
    // Decided against compressing: its output never comes.
    "NOT_COMPRESSING, false",
    "FINISHED,        false",
  })
  void aCompressorIsWatchedWhileItMayStillCompress(String state, boolean watched) throws Exception {
    Response gzip = gzip(false, state);
    Response wrapped = new Response.Wrapper(REQUEST, new Response.Wrapper(REQUEST, gzip));
    assertThat(ContainerBodies.jettyCompressor(wrapped)).isSameAs(watched ? gzip : null);
    assertThat(ContainerBodies.jettyCompressor(gzip)).isSameAs(watched ? gzip : null);
  }

  @Test
  void noCompressorIsWatchedWhereThereIsNone() {
    assertThat(ContainerBodies.jettyCompressor(new Response.Wrapper(REQUEST, CHANNEL))).isNull();
    assertThat(
            ContainerBodies.jettyCompressor(
                ServletFakes.eventStreamResponse(() -> false),
                List.of(new Header("Accept-Encoding", "gzip"))))
        .isNull();
    assertThat(ContainerBodies.jettyCompressor(null, List.of())).isNull();
  }

  @Test
  void noCompressorAmongTheWrappersHoldsNothing() {
    assertThat(
            ContainerBodies.jettyCompressorHoldsFlushes(
                new Response.Wrapper(REQUEST, new Response.Wrapper(REQUEST, CHANNEL))))
        .isFalse();
    assertThat(ContainerBodies.jettyCompressorHoldsFlushes(CHANNEL)).isFalse();
  }

  @Test
  void aCompressorDeeperThanTheLimitIsNotLookedFor() throws Exception {
    Response r = gzip(false, "COMPRESSING");
    for (int i = 0; i < ContainerBodies.MAX_WRAPPERS; i++) {
      r = new Response.Wrapper(REQUEST, r);
    }
    assertThat(ContainerBodies.jettyCompressorHoldsFlushes(r)).isFalse();
  }

  @Test
  void aResponseThatIsNotJettysServletResponseIsNotLookedInto() {
    assertThat(ContainerBodies.compressorHoldsFlushes(ServletFakes.eventStreamResponse(() -> true)))
        .isFalse();
    assertThat(ContainerBodies.compressorHoldsFlushes(null)).isFalse();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Response gzip(boolean syncFlush, String state) throws Exception {
    GzipHandler handler = new GzipHandler();
    handler.setSyncFlush(syncFlush);
    GzipResponseAndCallback gzip =
        new GzipResponseAndCallback(handler, REQUEST, CHANNEL, Callback.NOOP);
    Class<? extends Enum> states =
        (Class<? extends Enum>) Class.forName(GzipResponseAndCallback.class.getName() + "$GZState");
    ((AtomicReference<Object>) Reflect.field(gzip, "_state")).set(Enum.valueOf(states, state));
    return gzip;
  }
}
