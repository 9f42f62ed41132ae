package dev.ssewatch.core.telemetry;

/** Why a stream ended. */
public enum CloseReason {
  /** The server finished the response normally. */
  COMPLETED("completed"),
  /** The client went away first: a normal close for a stream, not an error. */
  CLIENT_ABORT("client_abort"),
  /** The backend (proxy) or the application (agent) broke the response off mid-stream. */
  UPSTREAM_ABORT("upstream_abort"),
  /**
   * A timeout on an intermediary, in the server (agent) or in ssewatch itself closed an idle
   * stream.
   */
  IDLE_TIMEOUT("idle_timeout"),
  /** Anything else: a protocol error, a failed write, an exception. */
  ERROR("error");

  private final String wireName;

  CloseReason(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
