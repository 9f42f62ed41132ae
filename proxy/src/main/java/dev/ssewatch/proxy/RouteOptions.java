package dev.ssewatch.proxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-route knobs. Every route starts from the command line's values and may override any of
 * them in the YAML file.
 *
 * @param heartbeat how long the client may see nothing before a comment is injected; zero disables
 * @param heartbeatComment text after the colon of an injected comment (may be empty)
 * @param idleBudget the idle timeout of the tightest intermediary in front of clients
 * @param connectTimeout how long connecting to the backend may take
 * @param responseHeadersTimeout how long the backend may take to start its response (504 after)
 * @param maxStreamDuration an event stream is ended cleanly after this long; zero means never
 * @param antiBufferingHeaders add {@code Cache-Control: no-cache, no-transform} and {@code
 *     X-Accel-Buffering: no} to event streams
 * @param forwarded which forwarding headers the backend receives
 * @param backendCaFile PEM CA certificates to verify an HTTPS backend with, or {@code null} for the
 *     JDK's trust store
 * @param insecureSkipBackendVerification accept any backend certificate (testing only)
 */
public record RouteOptions(
    Duration heartbeat,
    String heartbeatComment,
    Duration idleBudget,
    Duration connectTimeout,
    Duration responseHeadersTimeout,
    Duration maxStreamDuration,
    boolean antiBufferingHeaders,
    ForwardedStyle forwarded,
    Path backendCaFile,
    boolean insecureSkipBackendVerification) {

  /** Which headers tell the backend who the client was. */
  public enum ForwardedStyle {
    /** {@code X-Forwarded-For}, {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}. */
    X_FORWARDED,
    /** RFC 7239 {@code Forwarded}. */
    FORWARDED
  }

  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_IDLE_BUDGET = Duration.ofSeconds(240);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RESPONSE_HEADERS_TIMEOUT = Duration.ofSeconds(30);

  public RouteOptions {
    Objects.requireNonNull(heartbeat, "heartbeat");
    heartbeatComment = heartbeatComment == null ? "" : heartbeatComment;
    Objects.requireNonNull(idleBudget, "idleBudget");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseHeadersTimeout, "responseHeadersTimeout");
    maxStreamDuration = maxStreamDuration == null ? Duration.ZERO : maxStreamDuration;
    forwarded = forwarded == null ? ForwardedStyle.X_FORWARDED : forwarded;
    requireNotNegative("heartbeat", heartbeat);
    requirePositive("idle budget", idleBudget);
    requirePositive("connect timeout", connectTimeout);
    requirePositive("response headers timeout", responseHeadersTimeout);
    requireNotNegative("max stream duration", maxStreamDuration);
    if (!heartbeat.isZero() && heartbeat.compareTo(idleBudget) >= 0) {
      throw new IllegalArgumentException(
          "heartbeat ("
              + heartbeat.toMillis()
              + "ms) must be shorter than the idle budget ("
              + idleBudget.toMillis()
              + "ms), or it cannot keep the stream alive");
    }
    // A CR or LF would end the comment line early and let the text inject fields into the stream.
    if (heartbeatComment.indexOf('\r') >= 0 || heartbeatComment.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("heartbeat comment must be a single line");
    }
  }

  /** The defaults of the command line. */
  public static RouteOptions defaults() {
    return new RouteOptions(
        DEFAULT_HEARTBEAT,
        "",
        DEFAULT_IDLE_BUDGET,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_RESPONSE_HEADERS_TIMEOUT,
        Duration.ZERO,
        false,
        ForwardedStyle.X_FORWARDED,
        null,
        false);
  }

  public RouteOptions withHeartbeat(Duration d) {
    return new RouteOptions(
        d,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withIdleBudget(Duration d) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        d,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withResponseHeadersTimeout(Duration d) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        d,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withMaxStreamDuration(Duration d) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        d,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withAntiBufferingHeaders(boolean on) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        on,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withForwarded(ForwardedStyle style) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        style,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withBackendTls(Path caFile, boolean insecure) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        caFile,
        insecure);
  }

  public RouteOptions withConnectTimeout(Duration d) {
    return new RouteOptions(
        heartbeat,
        heartbeatComment,
        idleBudget,
        d,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  public RouteOptions withHeartbeatComment(String text) {
    return new RouteOptions(
        heartbeat,
        text,
        idleBudget,
        connectTimeout,
        responseHeadersTimeout,
        maxStreamDuration,
        antiBufferingHeaders,
        forwarded,
        backendCaFile,
        insecureSkipBackendVerification);
  }

  private static void requirePositive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d.toMillis() + "ms");
    }
  }

  private static void requireNotNegative(String what, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative");
    }
  }
}
