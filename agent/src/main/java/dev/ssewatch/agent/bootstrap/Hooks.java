package dev.ssewatch.agent.bootstrap;

import java.util.Map;

/**
 * Static entry points of the advice that need the agent's own code; implemented in the agent's
 * class loader and installed in {@link SseHooks}. Parameters are JDK types only.
 */
public interface Hooks {

  /**
   * A servlet's {@code service} is entered for {@code response} (unwrapped).
   *
   * @param newRequest whether this is the request's first dispatch (not an async dispatch of it)
   * @param namespace {@code jakarta.servlet} or {@code javax.servlet}
   * @return a token for {@link #servletExit}, or {@code null} when nested in another service call
   */
  Object servletEnter(Object request, Object response, boolean newRequest, String namespace);

  void servletExit(Object token, boolean asyncStarted, Throwable thrown);

  /** The response handed out its output stream or writer. */
  void servletBody(Object response, Object body, String contentType);

  /**
   * {@code setContentLength}/{@code setContentLengthLong} on {@code response} (unwrapped); a
   * negative length removes it.
   */
  void servletContentLength(Object response, long length);

  /** {@code AsyncContext.complete()} for {@code response} (unwrapped). */
  void servletComplete(Object response);

  /**
   * Tomcat's connector set its gzip filter up for the coyote {@code response} it is committing: the
   * compressed body passes through {@code output} (over HTTP/2, the filter added to the response,
   * whose inner stream that is). Once per compressed response.
   */
  void tomcatCompressor(Object response, Object output);

  /** Netty: a request line and headers were decoded on {@code channel}. */
  void nettyRequest(
      Object channel,
      String method,
      String uri,
      Iterable<? extends Map.Entry<String, String>> headers);
}
