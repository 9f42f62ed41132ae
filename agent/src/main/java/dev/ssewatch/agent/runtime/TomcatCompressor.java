package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;

/**
 * Tomcat's connector compression (its {@code GzipOutputFilter}, what Spring Boot's {@code
 * server.compression.enabled} turns on) works below the Servlet API: the servlet's bytes are the
 * events before compression, and the filter's inner stream carries what goes on the wire. When the
 * filter is set up for a response that is an event stream the agent is following, that stream is
 * tied to the exchange ({@link ServletStream#attachCompressorOutput}), so that {@code bytes} and
 * the wire activity are the compressed body's.
 *
 * <p>The filter belongs to the connection's processor and serves each compressed response on it in
 * turn: the tie is made again for every response and dropped when its stream ends, so a later
 * response on the same connection is never counted into an ended stream. Reads two of Tomcat's
 * objects by reflection once per compressed response, never on a write path.
 */
final class TomcatCompressor {

  /** The coyote response's note that holds the Servlet container's response (Tomcat 9 to 11). */
  private static final int ADAPTER_NOTES = 1;

  private static final String GZIP_FILTER = "org.apache.coyote.http11.filters.GzipOutputFilter";

  private TomcatCompressor() {}

  /**
   * The coyote {@code response} commits through the gzip filter whose compressed output passes
   * through {@code output}: ties {@code output} to the response's event stream, if it is one. Over
   * HTTP/2 {@code output} is a filter Tomcat added to the response's buffer (any filter, its {@code
   * GzipOutputFilter} among them), whose inner stream is read here.
   */
  static void attach(Object response, Object output) {
    try {
      if (output.getClass().getName().equals(GZIP_FILTER)) {
        output = Reflect.field(output, "fakeOutputStream");
      }
      Object servletResponse = Reflect.call(response, "getNote", int.class, ADAPTER_NOTES);
      // The facade the application was handed is the agent's key; none yet: not followed.
      Object facade = servletResponse == null ? null : Reflect.field(servletResponse, "facade");
      BodyContext c = facade == null ? null : SseHooks.context(facade);
      if (c instanceof ServletStream) {
        ServletStream s = (ServletStream) c;
        if (s.eventStream()) {
          s.attachCompressorOutput(output);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another layout: the servlet's bytes are counted, as without this
    }
  }
}
