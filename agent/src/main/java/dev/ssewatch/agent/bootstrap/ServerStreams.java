package dev.ssewatch.agent.bootstrap;

import java.util.Map;

/**
 * The bridge for the server families that are neither Servlet nor Netty: static, JDK types only,
 * loaded by the bootstrap class loader. Until the agent installs its {@link ServerHooks} every call
 * is a no-op. Writes, flushes and closes go through {@link SseHooks#context(Object)} and {@link
 * BodyContext}, as the servlet ones do.
 */
public final class ServerStreams {

  private static volatile ServerHooks hooks;

  private ServerStreams() {}

  public static void install(ServerHooks h) {
    hooks = h;
  }

  /** See {@link ServerHooks#start}; {@code null} when the agent is not installed. */
  public static BodyContext start(
      Object key,
      String family,
      Object exchange,
      String method,
      String url,
      Iterable<? extends Map.Entry<?, ?>> requestHeaders,
      int status,
      Iterable<? extends Map.Entry<?, ?>> responseHeaders) {
    ServerHooks h = hooks;
    if (h == null || key == null) {
      return null;
    }
    return h.start(key, family, exchange, method, url, requestHeaders, status, responseHeaders);
  }

  /**
   * The context of {@code key} or, when it has none and {@code contentType} is an event stream's, a
   * new one for the response of {@code exchange}, which the agent reads itself. For servers whose
   * body buffers what the application writes: the record starts at the first write, so that the
   * write's time is known.
   */
  public static BodyContext contextOrStart(
      Object key, String family, Object exchange, String contentType) {
    BodyContext c = SseHooks.context(key);
    if (c == null
        && contentType != null
        && contentType.regionMatches(true, 0, "text/event-stream", 0, 17)) {
      c = start(key, family, exchange, null, null, null, 0, null);
    }
    return c;
  }

  public static void bind(Object alias, BodyContext context) {
    ServerHooks h = hooks;
    if (h != null && alias != null && context != null) {
      h.bind(alias, context);
    }
  }

  /** See {@link ServerHooks#committed}. */
  public static void committed(String family, Object exchange, Object compressorOutput) {
    ServerHooks h = hooks;
    if (h != null && exchange != null) {
      h.committed(family, exchange, compressorOutput);
    }
  }

  /** See {@link ServerHooks#bufferData}. */
  public static void bufferData(BodyContext context, Object buffer) {
    ServerHooks h = hooks;
    if (h != null && context != null && buffer != null) {
      h.bufferData(context, buffer);
    }
  }

  /** See {@link ServerHooks#streamReset}; {@code false} when the agent is not installed. */
  public static boolean streamReset(String family, Object connection) {
    ServerHooks h = hooks;
    return h != null && connection != null && h.streamReset(family, connection);
  }
}
