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

  public static void bind(Object alias, BodyContext context) {
    ServerHooks h = hooks;
    if (h != null && alias != null && context != null) {
      h.bind(alias, context);
    }
  }
}
