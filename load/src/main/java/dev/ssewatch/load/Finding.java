package dev.ssewatch.load;

/**
 * One of core's detector rules that fired under load, tallied over the run.
 *
 * @param kind the alert kind's wire name ({@code buffering}, {@code idle_timeout_risk}, …)
 * @param rule the rule's name, as in docs/alerts.md
 * @param severity {@code warning} or {@code critical}
 * @param connections how many connections it fired on (at most once each)
 * @param example the evidence of the first one: figures only, never event data
 * @param advice the detector's advice
 */
record Finding(
    String kind, String rule, String severity, long connections, String example, String advice) {

  Finding plus(Finding other) {
    return new Finding(kind, rule, severity, connections + other.connections, example, advice);
  }
}
