package dev.ssewatch.core.risk;

import java.util.Objects;

/**
 * One finding of a risk detector.
 *
 * @param kind what the alert is about
 * @param rule the specific check that fired, e.g. {@code content_length}, {@code burst}, {@code
 *     gap_warning}: stable, snake_case, documented in docs/alerts.md
 * @param severity warning or critical
 * @param evidence what was observed, with figures (never event data)
 * @param advice one line on what to change
 */
public record Alert(
    AlertKind kind, String rule, Severity severity, String evidence, String advice) {

  public Alert {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(advice, "advice");
  }
}
