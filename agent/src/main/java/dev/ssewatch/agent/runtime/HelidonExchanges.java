package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Helidon 4's SSE sink, its response and request for the agent, reflectively (Helidon needs
 * Java 21 and the agent's classes cannot link against it), once per event stream; and the bytes of
 * the buffers its socket writer is given, without moving their read position, through method
 * handles found once per buffer class.
 */
final class HelidonExchanges {

  /** Bytes copied from a Helidon buffer per call to the recorder. */
  private static final int CHUNK = 256;

  /**
   * {@code available()} and {@code get(int)} of each buffer class, or {@code null} for a class
   * without them. {@code get} is the only read Helidon 4's {@code BufferData} offers that leaves
   * the read position alone (its bulk reads, {@code copy()} and {@code writeTo} consume the buffer,
   * and it has neither a duplicate nor a way to set the position back).
   */
  private static final ClassValue<BufferReads> BUFFER_READS =
      new ClassValue<>() {
        @Override
        protected BufferReads computeValue(Class<?> type) {
          MethodHandle available =
              Handles.virtual(type, "available", MethodType.methodType(int.class, Object.class));
          MethodHandle get =
              Handles.virtual(
                  type, "get", MethodType.methodType(int.class, Object.class, int.class));
          return available == null || get == null ? null : new BufferReads(available, get);
        }
      };

  /** Handles of exact types {@code (Object)int} and {@code (Object,int)int}. */
  private record BufferReads(MethodHandle available, MethodHandle get) {}

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

  /**
   * Feeds the readable bytes of a {@code BufferData} to {@code c}, leaving the buffer as it is:
   * byte by byte through exact handles into the stream's scratch array, so an event costs no
   * allocation.
   */
  static void read(BodyContext c, Object buffer) throws Throwable {
    BufferReads reads = BUFFER_READS.get(buffer.getClass());
    if (reads == null) {
      return;
    }
    MethodHandle get = reads.get();
    int available = (int) reads.available().invokeExact(buffer);
    if (available <= 0) {
      return;
    }
    byte[] chunk =
        c instanceof ServerResponseStream
            ? ((ServerResponseStream) c).scratch(CHUNK)
            : new byte[Math.min(CHUNK, available)];
    for (int done = 0; done < available; ) {
      int n = Math.min(chunk.length, available - done);
      for (int i = 0; i < n; i++) {
        chunk[i] = (byte) (int) get.invokeExact(buffer, done + i);
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
