package dev.ssewatch.doctor;

import java.util.Objects;

/**
 * One violation of the SSE guidance.
 *
 * @param rule stable snake_case id, documented in docs/doctor.md
 * @param severity how much it matters
 * @param location where it was found
 * @param message what was found, with the values involved
 * @param fix one line on what to change
 */
public record Finding(
    String rule, Severity severity, Location location, String message, String fix) {

  public Finding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }
}
