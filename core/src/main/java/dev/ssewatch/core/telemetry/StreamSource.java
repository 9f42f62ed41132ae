package dev.ssewatch.core.telemetry;

/** Which side of ssewatch observed a stream. */
public enum StreamSource {
  /** The -javaagent inside the serving JVM. */
  AGENT("agent"),
  /** The logging reverse proxy in front of a backend. */
  PROXY("proxy");

  private final String wireName;

  StreamSource(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
