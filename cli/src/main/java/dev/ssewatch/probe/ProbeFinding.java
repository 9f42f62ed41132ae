package dev.ssewatch.probe;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.Severity;
import java.util.Objects;

/**
 * One risk the probe saw: a core risk alert, or one of the probe's own rules (status, no events, no
 * response) that core's stream-recorder rules do not cover.
 *
 * @param rule stable snake_case id; core's ids as docs/alerts.md lists them
 * @param severity warning or critical
 * @param evidence what was observed, with figures (never event data)
 * @param advice one line on what to change
 */
public record ProbeFinding(String rule, Severity severity, String evidence, String advice) {

  public ProbeFinding {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(advice, "advice");
  }

  static ProbeFinding of(Alert a) {
    return new ProbeFinding(a.rule(), a.severity(), a.evidence(), a.advice());
  }
}
