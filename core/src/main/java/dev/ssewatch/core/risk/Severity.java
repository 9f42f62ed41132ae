package dev.ssewatch.core.risk;

/** How urgent an alert is. */
public enum Severity {
  /** Worth knowing, nothing broken: e.g. token counts downstream will be estimates. */
  INFO("info"),
  WARNING("warning"),
  CRITICAL("critical");

  private final String wireName;

  Severity(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
