package dev.ssewatch.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client connection may cost before the proxy ends it. None of these ever applies to a
 * response in progress: an event stream, flowing or quiet, is governed by the backend and the
 * heartbeats, never by a client timeout.
 *
 * @param requestHeadTimeout time to receive a complete request head, from the connection's accept
 *     or from the first byte of a later request on it (408 after)
 * @param keepAliveTimeout time a connection may sit between two requests without sending a byte
 *     (closed after)
 * @param requestBodyTimeout time between two reads of a request body, until the response starts
 *     (408 after)
 * @param maxConnections client connections open at once; one more is closed at accept
 * @param acceptPausedUnhealthyAfter how long accepting may stay paused by errors (descriptor
 *     exhaustion) before {@code /healthz} says the proxy cannot serve
 */
public record ClientLimits(
    Duration requestHeadTimeout,
    Duration keepAliveTimeout,
    Duration requestBodyTimeout,
    int maxConnections,
    Duration acceptPausedUnhealthyAfter) {

  /** HAProxy's recommended {@code timeout http-request} is 10 s, nginx's header timeout 60 s. */
  public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(30);

  /** nginx's {@code keepalive_timeout}. */
  public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(75);

  /** nginx's {@code client_body_timeout}. */
  public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(60);

  /** About 30 MB of heap in idle streams, and 20,000 descriptors with their backends. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public static final Duration DEFAULT_ACCEPT_PAUSED_UNHEALTHY_AFTER = Duration.ofSeconds(5);

  public ClientLimits {
    positive("request head timeout", requestHeadTimeout);
    positive("keep-alive timeout", keepAliveTimeout);
    positive("request body timeout", requestBodyTimeout);
    positive("accept paused unhealthy after", acceptPausedUnhealthyAfter);
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "max connections must be at least 1, got " + maxConnections);
    }
  }

  public static ClientLimits defaults() {
    return new ClientLimits(
        DEFAULT_REQUEST_HEAD_TIMEOUT,
        DEFAULT_KEEP_ALIVE_TIMEOUT,
        DEFAULT_REQUEST_BODY_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_ACCEPT_PAUSED_UNHEALTHY_AFTER);
  }

  public ClientLimits withRequestHeadTimeout(Duration d) {
    return new ClientLimits(
        d, keepAliveTimeout, requestBodyTimeout, maxConnections, acceptPausedUnhealthyAfter);
  }

  public ClientLimits withKeepAliveTimeout(Duration d) {
    return new ClientLimits(
        requestHeadTimeout, d, requestBodyTimeout, maxConnections, acceptPausedUnhealthyAfter);
  }

  public ClientLimits withRequestBodyTimeout(Duration d) {
    return new ClientLimits(
        requestHeadTimeout, keepAliveTimeout, d, maxConnections, acceptPausedUnhealthyAfter);
  }

  public ClientLimits withMaxConnections(int n) {
    return new ClientLimits(
        requestHeadTimeout, keepAliveTimeout, requestBodyTimeout, n, acceptPausedUnhealthyAfter);
  }

  public ClientLimits withAcceptPausedUnhealthyAfter(Duration d) {
    return new ClientLimits(
        requestHeadTimeout, keepAliveTimeout, requestBodyTimeout, maxConnections, d);
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d.toMillis() + "ms");
    }
  }
}
