package dev.ssewatch.agent.bootstrap;

import java.util.Map;

/**
 * Entry points of the advice for servers that are neither Servlet nor Netty (Undertow core, the
 * JDK's HTTP server, Grizzly, Helidon); implemented in the agent's class loader and installed in
 * {@link ServerStreams}. Parameters are JDK types only.
 */
public interface ServerHooks {

  /**
   * A response commits its final status and headers. When it is an event stream it is recorded from
   * now on and the returned context is bound to {@code key}; otherwise nothing is kept.
   *
   * @param key the object whose writes and flushes carry the body (a stream, a channel)
   * @param family the server family, for family-specific checks ({@code undertow}, …)
   * @param exchange the server's exchange object, or {@code null}
   * @param requestHeaders entries whose values are a {@code String} or an {@code Iterable} of them
   * @param responseHeaders as {@code requestHeaders}
   * @return the context bound to {@code key}, or {@code null}
   */
  BodyContext start(
      Object key,
      String family,
      Object exchange,
      String method,
      String url,
      Iterable<? extends Map.Entry<?, ?>> requestHeaders,
      int status,
      Iterable<? extends Map.Entry<?, ?>> responseHeaders);

  /** Another object ({@code alias}) carries the same body as {@code context}. */
  void bind(Object alias, BodyContext context);

  /**
   * The readable bytes of a server's own buffer type (Helidon's {@code BufferData}), read by the
   * agent without moving the buffer's position, go to {@code context}.
   */
  void bufferData(BodyContext context, Object buffer);

  /**
   * The event stream of {@code exchange} commits its response where the server may compress it:
   * {@code compressorOutput} is the object its own compressor, below the writes the agent reads,
   * writes the coded output through (its advice reports each write, {@link
   * BodyContext#onCompressedBytes(int)}), or {@code null} when it is not compressed. Asked once per
   * such event stream.
   */
  void committed(String family, Object exchange, Object compressorOutput);

  /**
   * Whether the response that ends on {@code connection}, the server's connection object, lost its
   * client while the connection stays open: its HTTP/2 stream was reset ({@code RST_STREAM}). Asked
   * once per event stream, as it ends.
   */
  boolean streamReset(String family, Object connection);
}
