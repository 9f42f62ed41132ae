package dev.ssewatch.load;

/** How one connection of a stream ended. */
enum EndReason {
  /** The server ended the response. */
  COMPLETED("completed", false),
  /** The stream received its {@code --events}; the client closed it. */
  EVENTS_REACHED("events_reached", false),
  /** The run's {@code --duration} was over; the client closed it. */
  DURATION_REACHED("duration_reached", false),
  /**
   * Still without response headers when the run ended, after waiting longer than the connect
   * timeout: the server (or something in front of it) does not answer.
   */
  NO_HEADERS("no_headers", true),
  /** The connection closed before the response ended. */
  RESET("reset", true),
  /** The connection closed before the response ended, after a silence of 90% of the budget. */
  IDLE_CUT("idle_cut", true),
  /** A status other than 200: EventSource fails the connection. */
  HTTP_ERROR("http_error", true),
  /** A 200 that is not text/event-stream: EventSource fails the connection. */
  NOT_EVENT_STREAM("not_event_stream", true),
  /** No TCP connection within the connect timeout, refused or unreachable. */
  CONNECT_FAILED("connect_failed", true),
  /** TLS, a malformed response or another failure. */
  ERROR("error", true);

  private final String wireName;
  private final boolean error;

  EndReason(String wireName, boolean error) {
    this.wireName = wireName;
    this.error = error;
  }

  String wireName() {
    return wireName;
  }

  /** Whether it counts in the error rate. */
  boolean error() {
    return error;
  }

  static EndReason byWireName(String name) {
    for (EndReason r : values()) {
      if (r.wireName.equals(name)) {
        return r;
      }
    }
    return null;
  }
}
