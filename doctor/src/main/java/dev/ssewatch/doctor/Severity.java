package dev.ssewatch.doctor;

/**
 * How much a finding matters. Doctor needs a level below warning (core's alerts have none) for
 * facts worth knowing that do not fail a CI run.
 */
public enum Severity {
  INFO("info", 0),
  WARNING("warning", 1),
  CRITICAL("critical", 2);

  private final String wireName;
  private final int exitCode;

  Severity(String wireName, int exitCode) {
    this.wireName = wireName;
    this.exitCode = exitCode;
  }

  public String wireName() {
    return wireName;
  }

  /** The process exit code when this is the highest severity found: 0, 1 or 2. */
  public int exitCode() {
    return exitCode;
  }
}
