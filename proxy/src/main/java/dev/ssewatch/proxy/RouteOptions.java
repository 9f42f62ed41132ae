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
    return toBuilder().heartbeat(d).build();
  }

  public RouteOptions withIdleBudget(Duration d) {
    return toBuilder().idleBudget(d).build();
  }

  public RouteOptions withResponseHeadersTimeout(Duration d) {
    return toBuilder().responseHeadersTimeout(d).build();
  }

  public RouteOptions withMaxStreamDuration(Duration d) {
    return toBuilder().maxStreamDuration(d).build();
  }

  public RouteOptions withAntiBufferingHeaders(boolean on) {
    return toBuilder().antiBufferingHeaders(on).build();
  }

  public RouteOptions withForwarded(ForwardedStyle style) {
    return toBuilder().forwarded(style).build();
  }

  public RouteOptions withBackendTls(Path caFile, boolean insecure) {
    return toBuilder().backendTls(caFile, insecure).build();
  }

  public RouteOptions withConnectTimeout(Duration d) {
    return toBuilder().connectTimeout(d).build();
  }

  public RouteOptions withHeartbeatComment(String text) {
    return toBuilder().heartbeatComment(text).build();
  }

  /**
   * A builder starting from these options. Changing several options at once through it validates
   * only the result, so e.g. a longer heartbeat and a longer idle budget can be set in any order.
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Collects changes to a {@link RouteOptions}; {@link #build()} validates them together. */
  public static final class Builder {
    private Duration heartbeat;
    private String heartbeatComment;
    private Duration idleBudget;
    private Duration connectTimeout;
    private Duration responseHeadersTimeout;
    private Duration maxStreamDuration;
    private boolean antiBufferingHeaders;
    private ForwardedStyle forwarded;
    private Path backendCaFile;
    private boolean insecureSkipBackendVerification;

    private Builder(RouteOptions o) {
      heartbeat = o.heartbeat;
      heartbeatComment = o.heartbeatComment;
      idleBudget = o.idleBudget;
      connectTimeout = o.connectTimeout;
      responseHeadersTimeout = o.responseHeadersTimeout;
      maxStreamDuration = o.maxStreamDuration;
      antiBufferingHeaders = o.antiBufferingHeaders;
      forwarded = o.forwarded;
      backendCaFile = o.backendCaFile;
      insecureSkipBackendVerification = o.insecureSkipBackendVerification;
    }

    public Builder heartbeat(Duration d) {
      heartbeat = d;
      return this;
    }

    public Builder heartbeatComment(String text) {
      heartbeatComment = text;
      return this;
    }

    public Builder idleBudget(Duration d) {
      idleBudget = d;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      connectTimeout = d;
      return this;
    }

    public Builder responseHeadersTimeout(Duration d) {
      responseHeadersTimeout = d;
      return this;
    }

    public Builder maxStreamDuration(Duration d) {
      maxStreamDuration = d;
      return this;
    }

    public Builder antiBufferingHeaders(boolean on) {
      antiBufferingHeaders = on;
      return this;
    }

    public Builder forwarded(ForwardedStyle style) {
      forwarded = style;
      return this;
    }

    public Builder backendTls(Path caFile, boolean insecure) {
      backendCaFile = caFile;
      insecureSkipBackendVerification = insecure;
      return this;
    }

    /** The options, validated as a whole. */
    public RouteOptions build() {
      return new RouteOptions(
          heartbeat,
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
