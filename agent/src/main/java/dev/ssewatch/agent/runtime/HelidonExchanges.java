package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Helidon 4's SSE sink, its response and request for the agent, reflectively (Helidon needs
 * Java 21 and the agent's classes cannot link against it), once per event stream; and the bytes of
 * the buffers its socket writer is given, without moving their read position.
 */
final class HelidonExchanges {

  /** Bytes copied from a Helidon buffer per call to the recorder. */
  private static final int CHUNK = 256;

  private static final ClassValue<Method[]> BUFFER_METHODS =
      new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
          try {
            Method available = type.getMethod("available");
            Method get = type.getMethod("get", int.class);
            available.setAccessible(true);
            get.setAccessible(true);
            return new Method[] {available, get};
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      };

  private HelidonExchanges() {}

  static ServerExchange describe(Object sink) throws ReflectiveOperationException {
    return describeResponse(Reflect.field(sink, "response"));
  }

  /**
   * A response whose body goes through {@code res.outputStream()}, or {@code null} when it is not
   * an event stream (checked first: the rest is read for event streams only).
   */
  static ServerExchange describeOutput(Object response) throws ReflectiveOperationException {
    List<Header> headers = headers(Reflect.call(response, "headers"));
    return Headers.isEventStream(Headers.first(headers, "Content-Type"))
        ? describeResponse(response, headers)
        : null;
  }

  private static ServerExchange describeResponse(Object response)
      throws ReflectiveOperationException {
    return describeResponse(response, headers(Reflect.call(response, "headers")));
  }

  private static ServerExchange describeResponse(Object response, List<Header> responseHeaders)
      throws ReflectiveOperationException {
    Object request = Reflect.field(response, "request");
    Object prologue = Reflect.call(request, "prologue");
    String path = String.valueOf(Reflect.call(Reflect.call(prologue, "uriPath"), "rawPath"));
    Object query = Reflect.call(Reflect.call(prologue, "query"), "rawValue");
    return new ServerExchange(
        String.valueOf(Reflect.call(Reflect.call(prologue, "method"), "text")),
        query == null || query.toString().isEmpty() ? path : path + "?" + query,
        headers(Reflect.call(request, "headers")),
        (Integer) Reflect.call(Reflect.call(response, "status"), "code"),
        responseHeaders);
  }

  /** The connection's socket writer, which the sink writes each event to. */
  static Object dataWriter(Object sink) throws ReflectiveOperationException {
    return Reflect.call(Reflect.field(sink, "ctx"), "dataWriter");
  }

  /** Feeds the readable bytes of a {@code BufferData} to {@code c}, leaving the buffer as it is. */
  static void read(BodyContext c, Object buffer) throws ReflectiveOperationException {
    Method[] m = BUFFER_METHODS.get(buffer.getClass());
    if (m == null) {
      return;
    }
    int available = (Integer) m[0].invoke(buffer);
    byte[] chunk = new byte[Math.min(CHUNK, available)];
    for (int done = 0; done < available; ) {
      int n = Math.min(chunk.length, available - done);
      for (int i = 0; i < n; i++) {
        chunk[i] = (byte) (int) (Integer) m[1].invoke(buffer, done + i);
      }
      c.onBytes(chunk, 0, n);
      done += n;
    }
  }

  /** Helidon headers: an iterable of {@code Header}, each a name and a list of values. */
  private static List<Header> headers(Object headers) throws ReflectiveOperationException {
    List<Header> out = new ArrayList<>();
    for (Object h : (Iterable<?>) headers) {
      String name = String.valueOf(Reflect.call(h, "name"));
      for (Object v : (Iterable<?>) Reflect.call(h, "allValues")) {
        out.add(new Header(name, String.valueOf(v)));
      }
    }
    return out;
  }
}
