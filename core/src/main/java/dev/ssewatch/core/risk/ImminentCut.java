package dev.ssewatch.core.risk;

/**
 * Which alerts say that a stream is about to be cut: a silence past the critical share of the idle
 * budget ({@code gap_critical}, and any critical idle-timeout risk a detector adds later). The
 * stream has seconds left, so such an alert is worth one record per stream and is never held back
 * for a summary; everything else describes a cause that the first alert already named.
 */
public final class ImminentCut {

  private ImminentCut() {}

  /** Whether {@code alert} warns of a cut that has not happened yet and is close. */
  public static boolean isImminent(Alert alert) {
    return alert.kind() == AlertKind.IDLE_TIMEOUT_RISK && alert.severity() == Severity.CRITICAL;
  }
}
