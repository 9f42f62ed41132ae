package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.agent.bootstrap.WeakIdentityMap;
import dev.ssewatch.core.http.Header;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an Undertow {@code HttpServerExchange} for the agent, reflectively (the agent's own classes
 * cannot link against the application's Undertow): its request and committed response, once per
 * event stream. Also tells an Undertow exchange served by Undertow's servlet layer from one served
 * by a core handler. The servlet layer keeps a {@code ServletRequestContext} among the exchange's
 * attachments; it is looked for by class name in the attachment map (read reflectively: the servlet
 * module may be invisible to the core's class loader, as in WildFly's modular class loading). Asked
 * once per event stream.
 *
 * <p>Also ties the compressor of Undertow's {@code EncodingHandler} to the stream of its exchange,
 * whichever layer records it: the core's stream is found under the exchange, the servlet layer's
 * under the exchange's servlet response. Asked once per compressed event stream, as the response
 * commits.
 */
final class UndertowExchanges {

  private static final String ENCODINGS =
      "io.undertow.server.handlers.encoding.AllowedContentEncodings";

  private static final String HTTP2_CONNECTION =
      "io.undertow.server.protocol.http2.Http2ServerConnection";

  private static final String SERVLET_CONTEXT =
      "io.undertow.servlet.handlers.ServletRequestContext";

  /** The attachment map field of each exchange class's {@code AbstractAttachable}, or null. */
  private static final ClassValue<Field> ATTACHMENTS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("io.undertow.util.AbstractAttachable")) {
              try {
                Field f = c.getDeclaredField("attachments");
                f.setAccessible(true);
                return f;
              } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
              }
            }
          }
          return null;
        }
      };

  /**
   * Compressors set up for a core exchange whose record has not begun yet: the response channel
   * sets the compressor up while it commits the response, and the record begins as it returns.
   */
  private static final WeakIdentityMap<WeakReference<Object>> PENDING_COMPRESSORS =
      new WeakIdentityMap<>();

  private UndertowExchanges() {}

  /**
   * The event stream of {@code exchange} commits behind an {@code EncodingHandler}, which put a
   * compressor writing its coded output through {@code output} below it, or none ({@code null}):
   * that output becomes the stream's bytes, the writes above are only parsed.
   */
  static void committed(Object exchange, Object output) throws ReflectiveOperationException {
    BodyContext c = SseHooks.CONTEXTS.get(exchange);
    if (c instanceof ServerResponseStream) {
      ((ServerResponseStream) c).committed(output);
      return;
    }
    if (output == null) {
      return;
    }
    Object servlet = servletContext(exchange);
    if (servlet == null) {
      PENDING_COMPRESSORS.put(exchange, new WeakReference<>(output));
      return;
    }
    // The response the servlet was called with may be a filter's wrapper of the container's.
    for (String response : new String[] {"getOriginalResponse", "getServletResponse"}) {
      Object r = Reflect.call(servlet, response);
      BodyContext s = r == null ? null : SseHooks.CONTEXTS.get(r);
      if (s instanceof ServletStream) {
        ((ServletStream) s).attachCompressorOutput(output);
        return;
      }
    }
  }

  /**
   * Whether an {@code EncodingHandler} waits among the response wrappers of {@code exchange}, to
   * choose a coding and add its header when the response commits.
   */
  static boolean encodesAtCommit(Object exchange) throws ReflectiveOperationException {
    Object wrappers = Reflect.field(exchange, "responseWrappers");
    if (wrappers instanceof Object[]) {
      for (Object w : (Object[]) wrappers) {
        if (w != null && w.getClass().getName().equals(ENCODINGS)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The record of the core exchange {@code exchange} begins: a compressor set up for it is tied.
   */
  static void compressorSetUp(Object exchange, ServerResponseStream stream) {
    WeakReference<Object> pending = PENDING_COMPRESSORS.get(exchange);
    if (pending != null) {
      PENDING_COMPRESSORS.remove(exchange, pending);
      Object output = pending.get();
      if (output != null) {
        stream.attachCompressorOutput(output);
      }
    }
  }

  /**
   * Whether the HTTP/2 stream of an exchange on {@code connection} was reset: its client cancelled
   * it ({@code RST_STREAM}), or the stream was closed before its end. The connection stays open,
   * and Undertow terminates the exchange as it would a finished one (at the next write, through the
   * stream's completion listener), so the reset is read from the stream's sink channel ({@code
   * Http2StreamSinkChannel.reset}). A connection of HTTP/1 costs a class name comparison. Asked
   * once per event stream, as it ends.
   */
  static boolean streamReset(Object connection) throws ReflectiveOperationException {
    if (!connection.getClass().getName().equals(HTTP2_CONNECTION)) {
      return false;
    }
    Object sink = Reflect.field(connection, "responseChannel");
    return sink != null && Boolean.TRUE.equals(Reflect.field(sink, "reset"));
  }

  /** The request line, request headers, status and response headers of {@code exchange}. */
  static ServerExchange describe(Object exchange) throws ReflectiveOperationException {
    String path = String.valueOf(call(exchange, "getRequestURI"));
    Object query = call(exchange, "getQueryString");
    String url = query == null || query.toString().isEmpty() ? path : path + "?" + query;
    return new ServerExchange(
        String.valueOf(call(exchange, "getRequestMethod")),
        url,
        headers(call(exchange, "getRequestHeaders")),
        (Integer) call(exchange, "getStatusCode"),
        headers(call(exchange, "getResponseHeaders")));
  }

  /** A {@code HeaderMap}: an iterable of {@code HeaderValues}, each a collection of strings. */
  private static List<Header> headers(Object map) throws ReflectiveOperationException {
    List<Header> out = new ArrayList<>();
    if (map instanceof Iterable<?>) {
      for (Object values : (Iterable<?>) map) {
        String name = String.valueOf(call(values, "getHeaderName"));
        for (Object v : (Iterable<?>) values) {
          out.add(new Header(name, String.valueOf(v)));
        }
      }
    }
    return out;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return Reflect.call(target, method);
  }

  static boolean servesServlet(Object exchange) {
    return servletContext(exchange) != null;
  }

  /** The servlet layer's {@code ServletRequestContext} of {@code exchange}, or null. */
  private static Object servletContext(Object exchange) {
    if (exchange == null) {
      return null;
    }
    Field f = ATTACHMENTS.get(exchange.getClass());
    if (f == null) {
      return null;
    }
    try {
      Object map = f.get(exchange);
      if (map instanceof Map<?, ?>) {
        for (Object value : ((Map<?, ?>) map).values()) {
          if (value != null && value.getClass().getName().equals(SERVLET_CONTEXT)) {
            return value;
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // unreadable: treated as a core exchange
    }
    return null;
  }
}
