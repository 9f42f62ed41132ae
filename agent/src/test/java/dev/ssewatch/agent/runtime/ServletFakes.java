package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A GET request and an event-stream response, as a container hands them to a servlet. */
final class ServletFakes {

  private ServletFakes() {}

  /**
   * A jakarta servlet exchange whose body was handed out as an event stream: holding its bytes
   * until the response commits. It holds {@code request} and {@code response} weakly, as it holds a
   * container's: the caller keeps them.
   */
  static ServletStream eventStream(
      StreamRecorders recorders, Settings settings, Object request, Object response) {
    ServletStream s =
        new ServletStream(
            recorders,
            new RecordingWarmUp(settings),
            request,
            response,
            "jakarta.servlet",
            System.nanoTime());
    s.attachBody(new Object(), "text/event-stream");
    return s;
  }

  /** {@code GET /events} with no headers. */
  static Object request() {
    return Proxy.newProxyInstance(
        ServletFakes.class.getClassLoader(),
        new Class<?>[] {HttpServletRequest.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getMethod":
              return "GET";
            case "getRequestURI":
              return "/events";
            case "getHeaderNames":
              return Collections.emptyEnumeration();
            default:
              return null;
          }
        });
  }

  /** A 200 {@code text/event-stream} response that has committed when {@code committed} says. */
  static Object eventStreamResponse(BooleanSupplier committed) {
    return eventStreamResponse(committed, Map.of());
  }

  /** As {@link #eventStreamResponse(BooleanSupplier)}, with these headers set (one value each). */
  static Object eventStreamResponse(BooleanSupplier committed, Map<String, String> headers) {
    return Proxy.newProxyInstance(
        ServletFakes.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "isCommitted":
              return committed.getAsBoolean();
            case "getStatus":
              return 200;
            case "getContentType":
              return "text/event-stream";
            case "getHeaderNames":
              return List.copyOf(headers.keySet());
            case "getHeaders":
              return List.of(headers.get((String) args[0]));
            case "getHeader":
              return headers.get((String) args[0]);
            default:
              return null;
          }
        });
  }
}
