package dev.ssewatch.agent.bootstrap;

import java.util.Map;

/**
 * The bridge between advice inlined into application classes and the agent: static, JDK types only,
 * loaded by the bootstrap class loader. Until the agent installs its {@link Hooks} every call is a
 * no-op. Holds no strong reference to application objects.
 */
public final class SseHooks {

  /** Agent state per response, body or channel; weak keys. */
  public static final WeakIdentityMap<BodyContext> CONTEXTS = new WeakIdentityMap<>();

  private static volatile Hooks hooks;

  private SseHooks() {}

  public static void install(Hooks h) {
    hooks = h;
  }

  /** The agent's state for {@code key}, or {@code null}: the fast path of every write advice. */
  public static BodyContext context(Object key) {
    return CONTEXTS.get(key);
  }

  public static Object servletEnter(
      Object request, Object response, boolean newRequest, String namespace) {
    Hooks h = hooks;
    return h == null ? null : h.servletEnter(request, response, newRequest, namespace);
  }

  public static void servletExit(Object token, boolean asyncStarted, Throwable thrown) {
    Hooks h = hooks;
    if (h != null && token != null) {
      h.servletExit(token, asyncStarted, thrown);
    }
  }

  public static void servletBody(Object response, Object body, String contentType) {
    Hooks h = hooks;
    if (h != null && body != null) {
      h.servletBody(response, body, contentType);
    }
  }

  public static void servletContentLength(Object response, long length) {
    Hooks h = hooks;
    if (h != null && response != null) {
      h.servletContentLength(response, length);
    }
  }

  public static void servletComplete(Object response) {
    Hooks h = hooks;
    if (h != null && response != null) {
      h.servletComplete(response);
    }
  }

  public static void tomcatCompressor(Object response, Object output) {
    Hooks h = hooks;
    if (h != null && response != null && output != null) {
      h.tomcatCompressor(response, output);
    }
  }

  public static void nettyRequest(
      Object channel,
      String method,
      String uri,
      Iterable<? extends Map.Entry<String, String>> headers) {
    Hooks h = hooks;
    if (h != null && channel != null) {
      h.nettyRequest(channel, method, uri, headers);
    }
  }
}
