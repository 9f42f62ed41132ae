package dev.ssewatch.core.risk;

/** How urgent an alert is. */
public enum Severity {
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
