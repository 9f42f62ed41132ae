package dev.ssewatch.core.risk;

/** How urgent an alert is. Declared from least to most urgent. */
public enum Severity {
  /**
   * Worth knowing, nothing broken: a setting that hurts only with an intermediary configured to act
   * on it, or token counts downstream that will be estimates.
   */
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
