package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.http.Header;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The object below a servlet body that the agent reads as well, where a container's servlet layer
 * is a front on a server the agent also instruments or on a writer it would not see. Tying that
 * object to the servlet exchange makes its writes, flushes and end count for the exchange, once:
 * inside a servlet write they are nested and not counted again, and the server's own
 * instrumentation finds the exchange instead of starting a second record. Read once per body handed
 * out, never on a write path.
 *
 * <ul>
 *   <li>Undertow's servlet writer is a {@code ServletPrintWriterDelegate} whose {@code print},
 *       {@code println} and one-argument {@code write} go straight to its {@code
 *       ServletPrintWriter} (not a {@code PrintWriter}), which fills the response buffer without
 *       passing the output stream.
 *   <li>Grizzly's servlet response writes to the Grizzly response's {@code OutputBuffer}, which the
 *       Grizzly instrumentation reads; Grizzly also finishes the response there (its {@code
 *       close()} after the servlet returns, committing a response never flushed).
 * </ul>
 *
 * <p>It also finds a compressor of the container's below the servlet layer, whose output is then
 * the stream's bytes ({@link #jettyCompressor}), and tells whether it holds what the servlet
 * flushes ({@link #compressorHoldsFlushes}).
 */
final class ContainerBodies {

  private static final String UNDERTOW_WRITER =
      "io.undertow.servlet.spec.ServletPrintWriterDelegate";
  private static final String GRIZZLY_RESPONSE =
      "org.glassfish.grizzly.servlet.HttpServletResponseImpl";

  private static final String JETTY12_RESPONSE =
      "org.eclipse.jetty.ee10.servlet.ServletApiResponse";
  private static final String JETTY12_GZIP =
      "org.eclipse.jetty.server.handler.gzip.GzipResponseAndCallback";

  /** How many of Jetty's response wrappers are looked through for its compressor. */
  static final int MAX_WRAPPERS = 16;

  private ContainerBodies() {}

  /** The object below {@code body} of {@code response}, or {@code null} when there is none. */
  static Object inner(Object response, Object body) {
    try {
      if (UNDERTOW_WRITER.equals(body.getClass().getName())) {
        return Reflect.field(body, "servletPrintWriter");
      }
      if (response != null && GRIZZLY_RESPONSE.equals(response.getClass().getName())) {
        Object grizzlyResponse = Reflect.field(response, "response");
        return grizzlyResponse == null ? null : Reflect.call(grizzlyResponse, "getOutputBuffer");
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another layout: the body is read as before
    }
    return null;
  }

  /**
   * Whether the servlet {@code response}'s body goes through a compressor below the servlet layer
   * that does not flush when the servlet flushes, so that a flush returns with the events still in
   * the compressor: Jetty 12's {@code GzipHandler} compressing without its sync flush (its
   * default). Read once, when an event stream in a content coding commits.
   */
  static boolean compressorHoldsFlushes(Object response) {
    if (response == null || !JETTY12_RESPONSE.equals(response.getClass().getName())) {
      return false;
    }
    try {
      return jettyCompressorHoldsFlushes(Reflect.call(response, "getResponse"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Jetty 12's core response below the servlet layer: whether one of the wrappers it is made of is
   * {@code GzipHandler}'s, compressing, without a sync flush.
   */
  static boolean jettyCompressorHoldsFlushes(Object core) {
    try {
      Object gzip = jettyGzip(core);
      return gzip != null
          && !((Boolean) Reflect.field(gzip, "_syncFlush"))
          && "COMPRESSING".equals(jettyGzipState(gzip));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * {@code GzipHandler}'s response wrapper below the servlet {@code response} of a request that
   * accepts gzip, while it may still compress the body (it has not decided yet, or compresses): its
   * compressed output is then reported for the exchange ({@code JettyGzipOutputAdvice}). Else
   * {@code null}: another container, a client that does not accept gzip (the handler then never
   * wraps the response), no such handler, or one that decided to leave the body alone. Read once,
   * when an event stream is recognised.
   */
  static Object jettyCompressor(Object response, List<Header> requestHeaders) {
    if (response == null
        || !JETTY12_RESPONSE.equals(response.getClass().getName())
        || !acceptsGzip(requestHeaders)) {
      return null;
    }
    try {
      return jettyCompressor(Reflect.call(response, "getResponse"));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Jetty 12's core response below the servlet layer: the {@code GzipHandler} wrapper it is made
   * of, while that may still compress, or {@code null}.
   */
  static Object jettyCompressor(Object core) {
    try {
      Object gzip = jettyGzip(core);
      if (gzip == null) {
        return null;
      }
      String state = jettyGzipState(gzip);
      return "MIGHT_COMPRESS".equals(state) || "COMPRESSING".equals(state) ? gzip : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static boolean acceptsGzip(List<Header> requestHeaders) {
    if (requestHeaders != null) {
      for (Header h : requestHeaders) {
        if (h.name().equalsIgnoreCase("Accept-Encoding")
            && h.value().toLowerCase(Locale.ROOT).contains("gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The {@code GzipHandler} wrapper among the wrappers {@code core} is made of, or null. */
  private static Object jettyGzip(Object core) {
    try {
      for (int i = 0; core != null && i < MAX_WRAPPERS; i++) {
        if (JETTY12_GZIP.equals(core.getClass().getName())) {
          return core;
        }
        // A Response.Wrapper, or the channel's own response, which has no getWrapped.
        core = Reflect.call(core, "getWrapped");
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another layout, or the end of the wrappers: no compressor seen
    }
    return null;
  }

  private static String jettyGzipState(Object gzip) throws ReflectiveOperationException {
    Object state = ((AtomicReference<?>) Reflect.field(gzip, "_state")).get();
    return state == null ? null : state.toString();
  }
}
