package dev.ssewatch.probe;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.JsonLines;
import java.util.List;
import java.util.Locale;

/** A probe's measurements and findings, and how to print them. Never holds event data. */
public final class ProbeReport {

  private final ProbeResult result;
  private final List<ProbeFinding> findings;
  private final ProbeOptions options;

  ProbeReport(ProbeResult result, List<ProbeFinding> findings, ProbeOptions options) {
    this.result = result;
    this.findings = List.copyOf(findings);
    this.options = options;
  }

  public ProbeResult result() {
    return result;
  }

  public List<ProbeFinding> findings() {
    return findings;
  }

  /** 0 without findings, 1 with warnings, 2 with anything critical. */
  public int exitCode() {
    int code = 0;
    for (ProbeFinding f : findings) {
      code = Math.max(code, f.severity() == Severity.CRITICAL ? 2 : 1);
    }
    return code;
  }

  public String toText() {
    ProbeResult r = result;
    StringBuilder b = new StringBuilder();
    b.append("ssewatch probe ").append(r.url()).append('\n');
    row(b, "request headers", joinHeaders(r.requestHeaders()));
    row(b, "status", r.status() < 0 ? "-" : Integer.toString(r.status()));
    for (String name :
        List.of(
            "Content-Type",
            "Cache-Control",
            "Content-Encoding",
            "Content-Length",
            "X-Accel-Buffering")) {
      String v = Headers.first(r.responseHeaders(), name);
      row(b, name.toLowerCase(Locale.ROOT), v == null ? "-" : v);
    }
    row(b, "time to headers", duration(r.timeToHeadersNanos()));
    row(b, "time to first event", duration(r.timeToFirstEventNanos()));
    row(b, "events", count(r.events()));
    row(b, "comments (heartbeats)", count(r.comments()));
    row(b, "body bytes", r.bytes() + " in " + r.chunks() + " chunk" + (r.chunks() == 1 ? "" : "s"));
    row(
        b,
        "gap between events",
        r.gapP50Nanos() < 0
            ? "-"
            : "p50 " + duration(r.gapP50Nanos()) + ", max " + duration(r.gapMaxNanos()));
    row(
        b,
        "longest silence",
        duration(r.longestSilenceNanos())
            + (r.silenceOngoing() ? " (ongoing at the end)" : "")
            + ", "
            + Math.round(100.0 * r.longestSilenceNanos() / options.idleBudget().toNanos())
            + "% of the idle budget "
            + duration(options.idleBudget().toNanos()));
    row(
        b,
        "burst",
        r.burstEvents() == 0
            ? "none"
            : r.burstEvents()
                + " events in one chunk after "
                + duration(r.burstSilenceNanos())
                + " of silence");
    row(
        b,
        "ended",
        r.end().description()
            + " after "
            + duration(r.durationNanos())
            + (r.error() == null ? "" : " (" + r.error() + ")"));
    b.append('\n');
    if (findings.isEmpty()) {
      b.append("No findings.\n");
    }
    for (ProbeFinding f : findings) {
      b.append(String.format("%-9s %s  %s%n", f.severity().name(), f.rule(), f.evidence()));
      b.append("          fix: ").append(f.advice()).append('\n');
    }
    return b.toString();
  }

  public String toJson() {
    ProbeResult r = result;
    StringBuilder b = new StringBuilder("{");
    field(b, "url", quote(r.url())).append(',');
    b.append("\"request_headers\":").append(headersJson(r.requestHeaders())).append(',');
    field(b, "status", r.status() < 0 ? "null" : Integer.toString(r.status())).append(',');
    b.append("\"response_headers\":").append(headersJson(r.responseHeaders())).append(',');
    field(b, "time_to_headers_ms", millis(r.timeToHeadersNanos())).append(',');
    field(b, "time_to_first_event_ms", millis(r.timeToFirstEventNanos())).append(',');
    field(b, "events", r.events() < 0 ? "null" : Long.toString(r.events())).append(',');
    field(b, "comments", r.comments() < 0 ? "null" : Long.toString(r.comments())).append(',');
    field(b, "bytes", Long.toString(r.bytes())).append(',');
    field(b, "chunks", Long.toString(r.chunks())).append(',');
    field(b, "gap_p50_ms", millis(r.gapP50Nanos())).append(',');
    field(b, "gap_max_ms", millis(r.gapMaxNanos())).append(',');
    field(b, "longest_silence_ms", millis(r.longestSilenceNanos())).append(',');
    field(b, "silence_ongoing", Boolean.toString(r.silenceOngoing())).append(',');
    field(b, "idle_budget_ms", Long.toString(options.idleBudget().toMillis())).append(',');
    field(b, "burst_events", Integer.toString(r.burstEvents())).append(',');
    field(b, "burst_silence_ms", r.burstEvents() == 0 ? "null" : millis(r.burstSilenceNanos()))
        .append(',');
    field(b, "end", quote(r.end().name().toLowerCase(Locale.ROOT))).append(',');
    field(b, "error", r.error() == null ? "null" : quote(r.error())).append(',');
    field(b, "duration_ms", millis(r.durationNanos())).append(',');
    b.append("\"findings\":[");
    for (int k = 0; k < findings.size(); k++) {
      ProbeFinding f = findings.get(k);
      b.append(k == 0 ? "" : ",").append('{');
      field(b, "rule", quote(f.rule())).append(',');
      field(b, "severity", quote(f.severity().wireName())).append(',');
      field(b, "evidence", quote(f.evidence())).append(',');
      field(b, "advice", quote(f.advice())).append('}');
    }
    b.append("],");
    field(b, "exit_code", Integer.toString(exitCode())).append("}\n");
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String value) {
    b.append(String.format("  %-22s %s%n", name, value));
  }

  private static String joinHeaders(List<Header> headers) {
    StringBuilder b = new StringBuilder();
    for (Header h : headers) {
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(h.name()).append(": ").append(h.value());
    }
    return b.length() == 0 ? "-" : b.toString();
  }

  private static String count(long n) {
    return n < 0 ? "not counted (compressed body)" : Long.toString(n);
  }

  /** {@code 850ms}, {@code 12.3s}, {@code 4m 05s}; "-" when not reached. */
  static String duration(long nanos) {
    return Durations.human(nanos, "-");
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "null" : Long.toString(nanos / 1_000_000L);
  }

  private static StringBuilder field(StringBuilder b, String name, String json) {
    return b.append('"').append(name).append("\":").append(json);
  }

  private static String headersJson(List<Header> headers) {
    StringBuilder b = new StringBuilder("[");
    for (int k = 0; k < headers.size(); k++) {
      Header h = headers.get(k);
      b.append(k == 0 ? "" : ",")
          .append("{\"name\":")
          .append(quote(h.name()))
          .append(",\"value\":")
          .append(quote(h.value()))
          .append('}');
    }
    return b.append(']').toString();
  }

  /** A JSON string, escaped as the telemetry's JSON lines are. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    JsonLines.appendString(s, b);
    return b.toString();
  }
}
